import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { STAFF_COMMANDS as C } from '../../../staff/commands/all-commands.js';
import { optionalText } from '../form.js';
import { runAs, type ConsoleDeps } from '../page.js';

const pauseForm = z.object({ reason: optionalText(500), back: z.string().max(200).optional() });

/** Back to the page the banner button was pressed on, but only ever within the console. */
function backTo(back: string | undefined, done: string): string {
  const base = back !== undefined && /^\/console(\/[a-z-]*)?$/.test(back) ? back : '/console';
  return `${base}?done=${done}`;
}

export function registerPauseRoutes(app: FastifyInstance, deps: ConsoleDeps): void {
  app.post('/console/pause', async (request, reply) => {
    const form = pauseForm.parse(request.body);
    await runAs(deps, request, C.postingPause, form.reason === undefined ? {} : { reason: form.reason });
    return reply.redirect(backTo(form.back, 'paused'), 303);
  });

  app.post('/console/resume', async (request, reply) => {
    const form = pauseForm.parse(request.body);
    await runAs(deps, request, C.postingResume, {});
    return reply.redirect(backTo(form.back, 'resumed'), 303);
  });
}
