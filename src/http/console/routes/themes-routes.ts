import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { STAFF_COMMANDS as C } from '../../../staff/commands/all-commands.js';
import { atLeast } from '../../../staff/roles.js';
import { DEFAULT_THEME_HOURS, themesReport } from '../../../learning/themes-report.js';
import { optionalText } from '../form.js';
import { runAs, sendPage, staffOf, type ConsoleDeps } from '../page.js';

const themesQuery = z.object({ hours: z.coerce.number().int().min(1).max(24 * 30).default(DEFAULT_THEME_HOURS), done: z.string().optional() });
const STALE_SHOWN = 20;
/** A theme's items, as repeated hidden fields (one string when there is one). */
const list = z.preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]), z.array(z.string().max(300)).max(500));
const answerForm = z.object({ items: list, text: z.string().max(5000) });
const phrasingForm = z.object({ topic: z.string().max(100), text: z.string().max(500), items: list });
const draftForm = z.object({ title: z.string().max(120), answer: z.string().max(1000), items: list });
// The action is named, not toggled: a form sent twice must not switch the topic back on.
const switchForm = z.object({ topic: z.string().max(100), action: z.enum(['disable', 'enable']), reason: optionalText(500) });

/**
 * The learning loop in the console: open hand-offs grouped into themes, and the three things staff
 * do with one (answer the group, teach a phrasing to a topic, draft a new topic), plus switching a
 * topic off. Every change is a staff command (role, audit); the page only offers what the role may do.
 */
export function registerThemesRoutes(app: FastifyInstance, deps: ConsoleDeps): void {
  const { services } = deps;

  app.get('/console/themes', async (request, reply) => {
    const query = themesQuery.parse(request.query);
    const [report, stale] = await Promise.all([themesReport(services, query.hours), services.records.stale(services.faq)]);
    const role = staffOf(request)?.role ?? 'viewer';
    const topics = services.faq.topics();
    const disabled = new Set(report.disabled.map((s) => s.topic));
    return sendPage(deps, request, reply, 'themes', 'Themes', {
      ...report,
      themes: report.themes.map((theme, index) => ({
        ...theme,
        index,
        itemIdsField: theme.itemIds,
        guessPct: theme.topGuess === null ? null : Math.round(theme.topGuess.confidence * 100),
        topicChoices: topics.map((t) => ({ topic: t, selected: t === theme.topGuess?.topic })),
        sample: theme.examples[0]?.text ?? '',
      })),
      stale: stale.slice(0, STALE_SHOWN),
      staleCount: stale.length,
      topicSwitches: topics.map((topic) => ({ topic, disabled: disabled.has(topic) })),
      may: { answer: atLeast(role, C.faqThemeAnswer.role), teach: atLeast(role, C.faqPhrasingAdd.role), draft: atLeast(role, C.faqTopicDraft.role), switchTopics: atLeast(role, C.faqTopicDisable.role) },
    });
  });

  app.post('/console/themes/answer', async (request, reply) => {
    const form = answerForm.parse(request.body);
    const result = await runAs(deps, request, C.faqThemeAnswer, { ids: form.items, text: form.text });
    return reply.redirect(`/console/themes?done=${result.awaitingApproval > 0 ? 'theme-answer-awaiting' : 'theme-answered'}`, 303);
  });

  app.post('/console/themes/phrasing', async (request, reply) => {
    const form = phrasingForm.parse(request.body);
    await runAs(deps, request, C.faqPhrasingAdd, { topic: form.topic, text: form.text, items: form.items });
    return reply.redirect('/console/themes?done=phrasing-added', 303);
  });

  app.post<{ Params: { id: string } }>('/console/themes/phrasings/:id/remove', async (request, reply) => {
    await runAs(deps, request, C.faqPhrasingRemove, { id: request.params.id });
    return reply.redirect('/console/themes?done=phrasing-removed', 303);
  });

  app.post('/console/themes/draft', async (request, reply) => {
    const form = draftForm.parse(request.body);
    await runAs(deps, request, C.faqTopicDraft, { title: form.title, answer: form.answer, items: form.items });
    return reply.redirect('/console/themes?done=topic-drafted', 303);
  });

  app.post('/console/themes/topic-switch', async (request, reply) => {
    const form = switchForm.parse(request.body);
    const command = form.action === 'enable' ? C.faqTopicEnable : C.faqTopicDisable;
    await runAs(deps, request, command, { topic: form.topic, ...(form.reason === undefined ? {} : { reason: form.reason }) });
    return reply.redirect(`/console/themes?done=${command === C.faqTopicEnable ? 'topic-enabled' : 'topic-disabled'}`, 303);
  });
}
