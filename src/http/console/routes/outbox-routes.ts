import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../../domain/errors.js';
import type { Post } from '../../../domain/post.js';
import { actorOf, requireRole, requireStaff } from '../auth-hook.js';
import { checkbox } from '../form.js';
import { sendPage, type ConsoleDeps } from '../page.js';
import { can } from '../roles.js';
import { postView } from './post-view.js';

const approveForm = z.object({ override: checkbox });

export function registerOutboxRoutes(app: FastifyInstance, deps: ConsoleDeps): void {
  const { services } = deps;

  app.get('/console/outbox', async (request, reply) => {
    const staff = requireStaff(request);
    const now = services.clock.now();
    const [counts, pending, failed, sent, cancelled] = await Promise.all([
      services.store.countPosts(),
      services.store.listPosts({ status: 'pending', limit: 200 }),
      services.store.listPosts({ status: 'failed', order: 'recent', limit: 100 }),
      services.store.listPosts({ status: 'sent', order: 'recent', limit: 200 }),
      services.store.listPosts({ status: 'cancelled', order: 'recent', limit: 200 }),
    ]);
    const recent = (posts: Post[]) => [...posts].sort((a, b) => b.updatedAt - a.updatedAt).slice(0, 30);
    const mayApprove = can(staff.role, 'post.approve');
    const mayOverride = can(staff.role, 'post.override');
    return sendPage(deps, request, reply, 'outbox', 'Outbox', {
      counts: Object.entries(counts).map(([status, n]) => ({ status, n })),
      pending: [...pending]
        .sort((a, b) => Number(b.awaitingApproval === true) - Number(a.awaitingApproval === true) || a.dueAt - b.dueAt)
        .map((p) => {
          const view = postView(p, now);
          const own = view.createdBy === staff.name;
          // The author never gets an approve button; a manager gets the audited override instead.
          return { ...view, canApprove: view.awaitingApproval && mayApprove && !own, canOverride: view.awaitingApproval && mayOverride && own };
        }),
      failed: recent(failed).map((p) => postView(p, now)),
      sent: recent(sent).map((p) => postView(p, now)),
      cancelled: recent(cancelled).map((p) => postView(p, now)),
    });
  });

  app.post<{ Params: { id: string } }>('/console/outbox/:id/approve', async (request, reply) => {
    const staff = requireRole(request, 'post.approve');
    const form = approveForm.parse(request.body);
    const post = await services.outbox.get(request.params.id);
    if (post === undefined) throw new AppError('NOT_FOUND', `post ${request.params.id} not found`);
    if (form.override && post.createdBy === staff.name) {
      // Emergency override: a manager releases their own post alone, and the audit log says so.
      requireRole(request, 'post.override');
      if (post.status !== 'pending' || post.awaitingApproval !== true) throw new AppError('CONFLICT', `post ${post.id} is not waiting for approval`);
      const updated = await services.store.updateUnclaimed(post.id, { awaitingApproval: false }, services.clock.now());
      if (updated === undefined) throw new AppError('CONFLICT', `post ${post.id} is being sent or no longer exists`);
      await services.store.appendAudit({ at: services.clock.now(), actor: actorOf(staff), action: 'post.approve.override', target: post.id, where: post.channel, detail: { reason: 'emergency override of the two-person rule' } });
    } else {
      await services.outbox.approve(post.id, actorOf(staff));
    }
    return reply.redirect('/console/outbox?done=approved', 303);
  });

  app.post<{ Params: { id: string } }>('/console/outbox/:id/cancel', async (request, reply) => {
    const staff = requireRole(request, 'post.cancel');
    await services.outbox.cancel(request.params.id, actorOf(staff));
    return reply.redirect('/console/outbox?done=cancelled', 303);
  });

  app.post<{ Params: { id: string } }>('/console/outbox/:id/retry', async (request, reply) => {
    const staff = requireRole(request, 'post.retry');
    await services.outbox.retry(request.params.id, actorOf(staff));
    return reply.redirect('/console/outbox?done=retried', 303);
  });
}
