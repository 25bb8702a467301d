import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { actorOf, requireRole } from '../auth-hook.js';
import { optionalText } from '../form.js';
import type { ConsoleDeps } from '../page.js';

const pauseForm = z.object({ reason: optionalText(500), back: z.string().max(200).optional() });

/** Back to the page the banner button was pressed on, but only ever within the console. */
function backTo(back: string | undefined, done: string): string {
  const base = back !== undefined && /^\/console(\/[a-z-]*)?$/.test(back) ? back : '/console';
  return `${base}?done=${done}`;
}

export function registerPauseRoutes(app: FastifyInstance, deps: ConsoleDeps): void {
  const { services } = deps;

  app.post('/console/pause', async (request, reply) => {
    const staff = requireRole(request, 'outbox.pause');
    const form = pauseForm.parse(request.body);
    const now = services.clock.now();
    await services.pause.set(true, actorOf(staff), now, form.reason);
    await services.store.appendAudit({ at: now, actor: actorOf(staff), action: 'outbox.pause', ...(form.reason === undefined ? {} : { detail: { reason: form.reason } }) });
    return reply.redirect(backTo(form.back, 'paused'), 303);
  });

  app.post('/console/resume', async (request, reply) => {
    const staff = requireRole(request, 'outbox.pause');
    const form = pauseForm.parse(request.body);
    const now = services.clock.now();
    await services.pause.set(false, actorOf(staff), now);
    await services.store.appendAudit({ at: now, actor: actorOf(staff), action: 'outbox.resume' });
    return reply.redirect(backTo(form.back, 'resumed'), 303);
  });
}
