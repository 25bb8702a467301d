import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { actorOf, requireRole } from '../auth-hook.js';
import { dangerOf } from '../../../replies/inbox.js';
import { formatAge } from '../../../domain/format-age.js';
import { sendPage, type ConsoleDeps } from '../page.js';

const answerForm = z.object({ text: z.string().trim().min(1, 'write the answer').max(5000) });

export function registerInboxRoutes(app: FastifyInstance, deps: ConsoleDeps): void {
  const { services } = deps;

  app.get('/console/inbox', async (request, reply) => {
    // Triage: urgent, then possible danger (someone may be in danger), each oldest first, then the rest.
    const now = services.clock.now();
    const items = (await services.inbox.list('open')).map((item) => ({ ...item, danger: dangerOf(item), age: formatAge(now - item.createdAt) }));
    return sendPage(deps, request, reply, 'inbox', 'Inbox', { items, urgentCount: items.filter((i) => i.danger === 'urgent').length, possibleCount: items.filter((i) => i.danger === 'possible').length });
  });

  app.post<{ Params: { id: string } }>('/console/inbox/:id/answer', async (request, reply) => {
    const staff = requireRole(request, 'inbox.answer');
    const form = answerForm.parse(request.body);
    const item = await services.inbox.get(request.params.id);
    // staffReply takes the bare name (it writes `user:<name>` itself), as the admin API passes it.
    const { posted } = await services.replies.staffReply(item, form.text, staff.name);
    return reply.redirect(`/console/inbox?done=${posted ? 'answered' : 'already-answered'}`, 303);
  });

  app.post<{ Params: { id: string } }>('/console/inbox/:id/resolve', async (request, reply) => {
    const staff = requireRole(request, 'inbox.answer');
    await services.inbox.close(request.params.id, 'resolved', actorOf(staff));
    return reply.redirect('/console/inbox?done=resolved', 303);
  });
}
