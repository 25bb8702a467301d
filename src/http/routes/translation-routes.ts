import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { TEXT_KINDS, type TextKind } from '../../languages/public-texts.js';
import type { Services } from '../../services.js';
import type { StaffCommand } from '../../staff/command.js';
import { STAFF_COMMANDS as C } from '../../staff/commands/all-commands.js';
import type { StaffRole } from '../../staff/roles.js';
import { REVIEW_STATUSES, type ReviewStatus } from '../../translations/review-state.js';

export interface TranslationRouteDeps {
  run: <Cmd extends StaffCommand>(command: Cmd, request: FastifyRequest, input: unknown) => Promise<unknown>;
  read: (request: FastifyRequest, least: StaffRole) => void;
}

const listQuery = z.object({
  language: z.string().regex(/^[a-z]{2,3}$/).optional(),
  status: z.enum(['unreviewed', ...REVIEW_STATUSES] as [ReviewStatus | 'unreviewed', ...(ReviewStatus | 'unreviewed')[]]).optional(),
  kind: z.enum(TEXT_KINDS as [TextKind, ...TextKind[]]).optional(),
});

/**
 * Translation review over the admin API (the CLI's `civicast translations`): every public text of
 * every language with its review status; approving or correcting one is a staff command.
 */
export function registerTranslationRoutes(app: FastifyInstance, services: Services, deps: TranslationRouteDeps): void {
  app.get('/api/translations', async (request) => {
    deps.read(request, 'viewer');
    const query = listQuery.parse(request.query);
    return services.translations.list({ ...(query.language === undefined ? {} : { language: query.language }), ...(query.status === undefined ? {} : { status: query.status }), ...(query.kind === undefined ? {} : { kind: query.kind }) });
  });
  app.get('/api/translations/summary', async (request) => {
    deps.read(request, 'viewer');
    return services.translations.summary();
  });
  app.get<{ Params: { language: string } }>('/api/translations/ledger/:language', async (request) => {
    deps.read(request, 'comms');
    return Object.fromEntries(services.translations.ledgerOf(request.params.language));
  });
  // The reviews and corrections made while running: `civicast ask` answers with them, as the service does.
  app.get('/api/translations/reviews', async (request) => {
    deps.read(request, 'viewer');
    await services.translations.refresh();
    return services.translations.reviews();
  });
  app.post('/api/translations/approve', async (request) => deps.run(C.translationApprove, request, request.body));
  app.post('/api/translations/edit', async (request) => deps.run(C.translationEdit, request, request.body));
}
