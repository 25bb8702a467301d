import { z } from 'zod';
import { defineCommand } from '../command.js';
import { id } from './schemas.js';

export const faqPhrasingRemove = defineCommand({
  name: 'faq.phrasing-remove',
  summary: 'remove a taught phrasing (its questions go back to the classifier), live on every instance',
  role: 'manager',
  input: z.strictObject({ id }),
  async run({ services, audit }, input) {
    const phrasing = await services.learning.removePhrasing(input.id);
    await audit({ action: 'faq.phrasing-remove', target: phrasing.topic, detail: { phrasing: phrasing.id, text: phrasing.text } });
    return phrasing;
  },
});
