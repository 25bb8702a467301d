import { z } from 'zod';
import { defineCommand } from '../command.js';
import { topicId } from './faq-schemas.js';
import { reason } from './schemas.js';

export const faqTopicDisable = defineCommand({
  name: 'faq.disable',
  summary: 'switch an FAQ topic off at once on every instance: its questions go to staff',
  role: 'manager',
  input: z.strictObject({ topic: topicId, reason }),
  async run({ services, actor, audit }, input) {
    const { change, changed } = await services.learning.setDisabled({ topic: input.topic, disabled: true, actor: actor.id, ...(input.reason === undefined ? {} : { reason: input.reason }) });
    await audit({ action: 'faq.disable', target: input.topic, detail: { changed, reason: input.reason ?? null } });
    return { ...change, changed };
  },
});
