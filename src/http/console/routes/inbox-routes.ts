import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { actorOf, requireRole } from '../auth-hook.js';
import { sendPage, type ConsoleDeps } from '../page.js';

const answerForm = z.object({ text: z.string().trim().min(1, 'write the answer').max(5000) });

export function registerInboxRoutes(app: FastifyInstance, deps: ConsoleDeps): void {
  const { services } = deps;

  app.get('/console/inbox', async (request, reply) => {
    const open = await services.inbox.list('open');
    // Urgent first (someone may be in danger), then oldest first (longest waiting).
    const items = [...open].sort((a, b) => Number(b.urgent) - Number(a.urgent) || a.createdAt - b.createdAt);
    return sendPage(deps, request, reply, 'inbox', 'Inbox', { items, urgentCount: items.filter((i) => i.urgent).length });
  });

  app.post<{ Params: { id: string } }>('/console/inbox/:id/answer', async (request, reply) => {
    const staff = requireRole(request, 'inbox.answer');
    const form = answerForm.parse(request.body);
    const item = await services.inbox.get(request.params.id);
    // staffReply takes the bare name (it writes `user:<name>` itself), as the admin API passes it.
    await services.replies.staffReply({ id: item.messageId, channel: item.channel, replyTarget: item.replyTarget }, form.text, staff.name);
    await services.inbox.close(item.id, 'answered', actorOf(staff));
    return reply.redirect('/console/inbox?done=answered', 303);
  });

  app.post<{ Params: { id: string } }>('/console/inbox/:id/resolve', async (request, reply) => {
    const staff = requireRole(request, 'inbox.answer');
    await services.inbox.close(request.params.id, 'resolved', actorOf(staff));
    return reply.redirect('/console/inbox?done=resolved', 303);
  });
}
