import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../../domain/errors.js';
import { kindOf, TEXT_KINDS } from '../../../languages/public-texts.js';
import { STAFF_COMMANDS as C } from '../../../staff/commands/all-commands.js';
import { atLeast } from '../../../staff/roles.js';
import { REVIEW_STATUSES, UNREVIEWED, type ReviewStatus } from '../../../translations/review-state.js';
import type { TranslationRow } from '../../../translations/translations.js';
import { requireStaff } from '../auth-hook.js';
import { runAs, sendPage, type ConsoleDeps } from '../page.js';

const STATUS_FILTERS = ['unreviewed', ...REVIEW_STATUSES.filter((s) => s !== 'source')] as const;
const blankIsNone = (v: unknown) => (v === '' ? undefined : v);
const pageQuery = z.object({
  lang: z.preprocess(blankIsNone, z.string().regex(/^[a-z]{2,3}$/, 'a language code such as vi').optional()),
  status: z.preprocess(blankIsNone, z.enum(STATUS_FILTERS).optional()),
  kind: z.preprocess(blankIsNone, z.enum(TEXT_KINDS as [string, ...string[]]).optional()),
  done: z.string().optional(),
});
const reviewForm = z.object({ language: z.string().max(3), key: z.string().max(220), status: z.string().max(20).default(''), kind: z.string().max(20).default(''), text: z.string().max(4000).optional() });

/** Where a review sends the reviewer back: the same language and filters, at the same text. */
function backTo(form: z.infer<typeof reviewForm>, done: string): string {
  const query = new URLSearchParams({ lang: form.language });
  const status = STATUS_FILTERS.find((s) => s === form.status);
  const kind = TEXT_KINDS.find((k) => k === form.kind);
  if (status !== undefined) query.set('status', status);
  if (kind !== undefined) query.set('kind', kind);
  query.set('done', done);
  return `/console/translations?${query.toString()}#${rowId(form.key)}`;
}

/** An HTML id for a text key (`faq:snow.plowing/snow` → `t-faq-snow-plowing-snow`). */
function rowId(key: string): string {
  return `t-${key.replace(/[^A-Za-z0-9_-]+/g, '-')}`;
}

/**
 * The translation review page: every public text of one language beside its English, with who
 * reviewed it and when; approving or correcting one runs the same staff commands as the admin
 * API and the CLI (role, audit), so there is no second path to a text residents read.
 */
export function registerTranslationReviewRoutes(app: FastifyInstance, deps: ConsoleDeps): void {
  const { services } = deps;
  const { translations, languages } = services;

  app.get('/console/translations', async (request, reply) => {
    if (!atLeast(requireStaff(request).role, C.translationApprove.role)) throw new AppError('FORBIDDEN', `reviewing translations needs the ${C.translationApprove.role} role`);
    const query = pageQuery.parse(request.query);
    // Another instance's approval or edit shows here at once, not at the next periodic refresh.
    await translations.refresh();
    const source = languages.source;
    const summary = translations.summary();
    const choices = translations.languages().filter((l) => l !== source).map((code) => {
      const counts = summary[code];
      const unreviewed = counts === undefined ? 0 : UNREVIEWED.reduce((n, s) => n + counts[s], 0);
      return { code, name: languages.pack(code).name, reviewed: counts?.reviewed ?? 0, unreviewed, current: code === query.lang };
    });
    if (query.lang === undefined) return sendPage(deps, request, reply, 'translations', 'Translations', { choices, language: null });
    if (!translations.languages().includes(query.lang) || query.lang === source) throw new AppError('NOT_FOUND', `no translations to review in "${query.lang}" (languages: ${choices.map((c) => c.code).join(', ')})`);
    const pack = languages.pack(query.lang);
    const english = languages.pack(source);
    const rows = translations.list({ language: query.lang, ...(query.status === undefined ? {} : { status: query.status as ReviewStatus | 'unreviewed' }), ...(query.kind === undefined ? {} : { kind: query.kind as (typeof TEXT_KINDS)[number] }) });
    return sendPage(deps, request, reply, 'translations', `Translations: ${pack.name}`, {
      choices,
      language: { code: query.lang, name: pack.name, dir: pack.dir, tag: pack.tag },
      english: { dir: english.dir, tag: english.tag },
      rows: rows.map((row) => textView(row, translations.editable(kindOf(row.key)))),
      total: translations.list({ language: query.lang }).length,
      statusChoices: STATUS_FILTERS.map((s) => ({ value: s, selected: s === query.status })),
      kindChoices: TEXT_KINDS.map((k) => ({ value: k, selected: k === query.kind })),
      status: query.status ?? '',
      kind: query.kind ?? '',
    });
  });

  app.post('/console/translations/approve', async (request, reply) => {
    const form = reviewForm.parse(request.body);
    await runAs(deps, request, C.translationApprove, { language: form.language, key: form.key });
    return reply.redirect(backTo(form, 'translation-approved'), 303);
  });
  app.post('/console/translations/edit', async (request, reply) => {
    const form = reviewForm.parse(request.body);
    await runAs(deps, request, C.translationEdit, { language: form.language, key: form.key, text: form.text ?? '' });
    return reply.redirect(backTo(form, 'translation-edited'), 303);
  });
}

function textView(row: TranslationRow, editable: boolean) {
  return {
    ...row,
    id: rowId(row.key),
    kind: kindOf(row.key),
    unreviewed: UNREVIEWED.includes(row.status),
    approvable: row.text !== undefined && row.status !== 'reviewed',
    // FAQ answers, facts and calendars are approved here; their words change in their files.
    editable: row.text !== undefined && editable,
  };
}
