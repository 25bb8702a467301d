import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Post } from '../../../domain/post.js';
import { isAuthor } from '../../../staff/actor.js';
import { STAFF_COMMANDS as C } from '../../../staff/commands/all-commands.js';
import { requireStaff } from '../auth-hook.js';
import { checkbox } from '../form.js';
import { runAs, sendPage, type ConsoleDeps } from '../page.js';
import { permissionsOf } from '../roles.js';
import { postView } from './post-view.js';

const approveForm = z.object({ override: checkbox });

export function registerOutboxRoutes(app: FastifyInstance, deps: ConsoleDeps): void {
  const { services } = deps;

  app.get('/console/outbox', async (request, reply) => {
    const staff = requireStaff(request);
    const now = services.clock.now();
    const views = services.staff.views;
    const [counts, pending, failed, sent, cancelled] = await Promise.all([
      views.postCounts(),
      views.posts({ status: 'pending', limit: 200 }),
      views.posts({ status: 'failed', order: 'recent', limit: 100 }),
      views.posts({ status: 'sent', order: 'recent', limit: 200 }),
      views.posts({ status: 'cancelled', order: 'recent', limit: 200 }),
    ]);
    const recent = (posts: Post[]) => [...posts].sort((a, b) => b.updatedAt - a.updatedAt).slice(0, 30);
    const { approve: mayApprove, override: mayOverride } = permissionsOf(staff.role);
    return sendPage(deps, request, reply, 'outbox', 'Outbox', {
      counts: Object.entries(counts).map(([status, n]) => ({ status, n })),
      pending: [...pending]
        .sort((a, b) => Number(b.awaitingApproval === true) - Number(a.awaitingApproval === true) || a.dueAt - b.dueAt)
        .map((p) => {
          const view = postView(p, now);
          const own = isAuthor(staff.actor, p.createdBy);
          // The author never gets an approve button; a manager gets the audited override instead.
          return { ...view, canApprove: view.awaitingApproval && mayApprove && !own, canOverride: view.awaitingApproval && mayOverride && own };
        }),
      failed: recent(failed).map((p) => postView(p, now)),
      sent: recent(sent).map((p) => postView(p, now)),
      cancelled: recent(cancelled).map((p) => postView(p, now)),
    });
  });

  app.post<{ Params: { id: string } }>('/console/outbox/:id/approve', async (request, reply) => {
    const form = approveForm.parse(request.body);
    await runAs(deps, request, C.outboxApprove, { id: request.params.id, override: form.override });
    return reply.redirect('/console/outbox?done=approved', 303);
  });

  app.post<{ Params: { id: string } }>('/console/outbox/:id/cancel', async (request, reply) => {
    await runAs(deps, request, C.outboxCancel, { id: request.params.id });
    return reply.redirect('/console/outbox?done=cancelled', 303);
  });

  app.post<{ Params: { id: string } }>('/console/outbox/:id/retry', async (request, reply) => {
    await runAs(deps, request, C.outboxRetry, { id: request.params.id });
    return reply.redirect('/console/outbox?done=retried', 303);
  });
}
