import { z } from 'zod';
import { defineCommand } from '../command.js';
import { topicId } from './faq-schemas.js';
import { reason } from './schemas.js';

export const faqTopicEnable = defineCommand({
  name: 'faq.enable',
  summary: 'switch an FAQ topic back on: it answers again on every instance',
  role: 'manager',
  input: z.strictObject({ topic: topicId, reason }),
  async run({ services, actor, audit }, input) {
    const { change, changed } = await services.learning.setDisabled({ topic: input.topic, disabled: false, actor: actor.id, ...(input.reason === undefined ? {} : { reason: input.reason }) });
    await audit({ action: 'faq.enable', target: input.topic, detail: { changed, reason: input.reason ?? null } });
    return { ...change, changed };
  },
});
