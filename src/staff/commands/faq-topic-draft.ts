import { z } from 'zod';
import { defineCommand } from '../command.js';
import { itemIds, locale } from './faq-schemas.js';

/** Drafts a new topic from hand-offs: stored for review, answering nothing until the city adds it to faq/. */
export const faqTopicDraft = defineCommand({
  name: 'faq.topic-draft',
  summary: 'draft a new FAQ topic from messages handed to staff (stored for review; answers nothing until approved)',
  role: 'comms',
  input: z.strictObject({
    title: z.string().trim().min(3, 'name the topic').max(120),
    answer: z.string().trim().min(10, 'write the proposed answer').max(1000),
    locale: locale.optional(),
    examples: z.array(z.string().trim().min(2).max(500)).max(50).default([]),
    items: itemIds,
  }),
  async run({ services, actor, audit }, input) {
    const items = await Promise.all(input.items.map((item) => services.inbox.get(item)));
    const language = input.locale ?? items[0]?.locale ?? services.config.city.defaultLocale;
    const examples = [...input.examples, ...items.map((i) => i.text)];
    const draft = await services.learning.draftTopic({ title: input.title, answer: input.answer, examples, locale: language, actor: actor.id, fromItems: input.items });
    for (const item of input.items) await services.inbox.note(item, `draft:${draft.id}`);
    await audit({ action: 'faq.topic-draft', target: draft.id, detail: { title: draft.title, locale: language, examples: draft.examples.length, items: input.items } });
    return draft;
  },
});
