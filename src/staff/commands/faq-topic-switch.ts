import { z } from 'zod';
import { defineCommand } from '../command.js';
import { topicId } from './faq-schemas.js';
import { reason } from './schemas.js';

/** `faq.disable` and `faq.enable`: one switch per topic, kept in the store, live on every instance. */
function topicSwitch(verb: 'disable' | 'enable', summary: string) {
  return defineCommand({
    name: `faq.${verb}`,
    summary,
    role: 'manager',
    input: z.strictObject({ topic: topicId, reason }),
    async run({ services, actor, audit }, input) {
      const { change, changed } = await services.learning.setDisabled({ topic: input.topic, disabled: verb === 'disable', actor: actor.id, ...(input.reason === undefined ? {} : { reason: input.reason }) });
      await audit({ action: `faq.${verb}`, target: input.topic, detail: { changed, reason: input.reason ?? null } });
      return { ...change, changed };
    },
  });
}

export const faqTopicDisable = topicSwitch('disable', 'switch an FAQ topic off at once on every instance: its questions go to staff');
export const faqTopicEnable = topicSwitch('enable', 'switch an FAQ topic back on: it answers again on every instance');
