import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { DEFAULT_THEME_HOURS, themesReport } from '../../learning/themes-report.js';
import type { Services } from '../../services.js';
import { STAFF_COMMANDS as C } from '../../staff/commands/all-commands.js';
import type { TranslationRouteDeps } from './translation-routes.js';

/** ISO times in the query become the epoch milliseconds the command takes; anything else is left for its check to name. */
const epochOf = (value: unknown): unknown => (typeof value === 'string' && z.iso.datetime({ offset: true }).safeParse(value).success ? Date.parse(value) : value);
const themesQuery = z.object({ hours: z.coerce.number().int().min(1).max(24 * 30).default(DEFAULT_THEME_HOURS) });

/**
 * The learning loop over the admin API (the CLI's `civicast faq`): themes of open hand-offs to read,
 * and each change (answer a theme, teach a phrasing, draft a topic, switch a topic off or on) a
 * staff command with its role and audit entry.
 */
export function registerFaqLearningRoutes(app: FastifyInstance, services: Services, deps: TranslationRouteDeps): void {
  const bodyOf = (request: FastifyRequest): Record<string, unknown> => (typeof request.body === 'object' && request.body !== null && !Array.isArray(request.body) ? (request.body as Record<string, unknown>) : {});
  app.get('/api/faq/themes', async (request) => {
    deps.read(request, 'viewer');
    return themesReport(services, themesQuery.parse(request.query).hours);
  });
  app.get('/api/faq/stale-replies', async (request) => {
    deps.read(request, 'viewer');
    return services.records.stale(services.faq);
  });
  // A read, but an audited staff command: who exported which records is itself on the record.
  app.get('/api/records', async (request) => {
    const query = (request.query ?? {}) as Record<string, unknown>;
    return deps.run(C.recordsExport, request, { ...query, from: epochOf(query['from']), to: epochOf(query['to']) });
  });
  app.post('/api/faq/themes/answer', async (request) => deps.run(C.faqThemeAnswer, request, request.body));
  app.post('/api/faq/phrasings', async (request) => deps.run(C.faqPhrasingAdd, request, request.body));
  app.post<{ Params: { id: string } }>('/api/faq/phrasings/:id/remove', async (request) => deps.run(C.faqPhrasingRemove, request, { id: request.params.id }));
  app.post('/api/faq/drafts', async (request) => deps.run(C.faqTopicDraft, request, request.body));
  app.post<{ Params: { topic: string } }>('/api/faq/topics/:topic/disable', async (request) => deps.run(C.faqTopicDisable, request, { ...bodyOf(request), topic: request.params.topic }));
  app.post<{ Params: { topic: string } }>('/api/faq/topics/:topic/enable', async (request) => deps.run(C.faqTopicEnable, request, { ...bodyOf(request), topic: request.params.topic }));
}
