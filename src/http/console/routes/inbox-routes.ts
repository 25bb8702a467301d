import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { STAFF_COMMANDS as C } from '../../../staff/commands/all-commands.js';
import { dangerOf } from '../../../replies/inbox.js';
import { formatAge } from '../../../domain/format-age.js';
import { runAs, sendPage, type ConsoleDeps } from '../page.js';

const answerForm = z.object({ text: z.string().max(5000) });

export function registerInboxRoutes(app: FastifyInstance, deps: ConsoleDeps): void {
  const { services } = deps;

  app.get('/console/inbox', async (request, reply) => {
    // Triage: urgent, then possible danger (someone may be in danger), each oldest first, then the rest.
    const now = services.clock.now();
    const items = (await services.inbox.list('open')).map((item) => ({ ...item, danger: dangerOf(item), age: formatAge(now - item.createdAt) }));
    return sendPage(deps, request, reply, 'inbox', 'Inbox', { items, urgentCount: items.filter((i) => i.danger === 'urgent').length, possibleCount: items.filter((i) => i.danger === 'possible').length });
  });

  app.post<{ Params: { id: string } }>('/console/inbox/:id/answer', async (request, reply) => {
    const form = answerForm.parse(request.body);
    const result = await runAs(deps, request, C.inboxAnswer, { id: request.params.id, text: form.text });
    return reply.redirect(`/console/inbox?done=${!result.posted ? 'already-answered' : result.awaitingApproval ? 'answer-awaiting' : 'answered'}`, 303);
  });

  app.post<{ Params: { id: string } }>('/console/inbox/:id/resolve', async (request, reply) => {
    await runAs(deps, request, C.inboxResolve, { id: request.params.id });
    return reply.redirect('/console/inbox?done=resolved', 303);
  });
}
