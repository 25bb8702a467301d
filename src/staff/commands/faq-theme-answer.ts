import { z } from 'zod';
import { AppError } from '../../domain/errors.js';
import { defineCommand } from '../command.js';
import { inboxAnswer } from './inbox-answer.js';
import { id } from './schemas.js';

/**
 * Answers every open item of a theme with one text: each item gets its own staff reply through
 * `inbox.answer` (its outbox id is the item's, so a form sent twice posts once per item, and the
 * two-person rule applies to each). One language per answer: a theme mixing languages is refused,
 * so no resident gets a reply in a language they did not write in.
 */
export const faqThemeAnswer = defineCommand({
  name: 'faq.theme-answer',
  summary: 'answer every open message of a theme with one text (one staff reply per message, each audited)',
  role: inboxAnswer.role,
  input: z.strictObject({ ids: z.array(id).min(1, 'choose the messages to answer').max(500), text: z.string().trim().min(1, 'write the answer').max(5000) }),
  async run(ctx, input) {
    const items = await Promise.all([...new Set(input.ids)].map((itemId) => ctx.services.inbox.get(itemId)));
    const open = items.filter((i) => i.status === 'open');
    const locales = [...new Set(open.map((i) => i.locale))];
    if (locales.length > 1) throw new AppError('INVALID_INPUT', `these messages are in several languages (${locales.join(', ')}); answer each language separately so every resident is answered in their own`);
    let posted = 0;
    let awaitingApproval = 0;
    for (const item of open) {
      const result = await inboxAnswer.run(ctx, { id: item.id, text: input.text });
      if (result.posted) posted++;
      if (result.awaitingApproval) awaitingApproval++;
    }
    const skipped = items.length - open.length;
    await ctx.audit({ action: 'faq.theme-answer', target: open[0]?.id ?? items[0]?.id ?? '', detail: { items: open.map((i) => i.id), posted, awaitingApproval, skipped, locale: locales[0] ?? null } });
    return { posted, awaitingApproval, skipped };
  },
});
