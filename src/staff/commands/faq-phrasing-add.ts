import { z } from 'zod';
import { defineCommand } from '../command.js';
import { itemIds, locale, topicId } from './faq-schemas.js';

/**
 * Teaches a resident's wording to an existing topic: the same (or nearly the same) question is
 * answered from then on, on every instance, without a restart. Marked for review: the phrasing
 * belongs in the topic's file once someone has read it there.
 */
export const faqPhrasingAdd = defineCommand({
  name: 'faq.phrasing-add',
  summary: 'add a resident’s wording as an example of an FAQ topic (answered at once; listed for review)',
  role: 'manager',
  input: z.strictObject({ topic: topicId, text: z.string().trim().min(2, 'write the phrasing').max(500), locale: locale.optional(), items: itemIds }),
  async run({ services, actor, audit }, input) {
    const first = input.items[0] === undefined ? undefined : await services.inbox.get(input.items[0]);
    const language = input.locale ?? first?.locale ?? services.config.city.defaultLocale;
    const { phrasing, added } = await services.learning.addPhrasing({ topic: input.topic, text: input.text, locale: language, actor: actor.id, fromItems: input.items });
    for (const item of input.items) await services.inbox.note(item, `example:${input.topic}`);
    await audit({ action: 'faq.phrasing-add', target: input.topic, detail: { phrasing: phrasing.id, text: phrasing.text, locale: language, added, items: input.items, review: phrasing.review } });
    return { phrasing, added };
  },
});
