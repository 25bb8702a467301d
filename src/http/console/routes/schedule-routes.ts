import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { cachedDateFormat } from '../../cached-date-format.js';
import { describeCron } from '../../../scheduling/repeat.js';
import { isAuthor } from '../../../staff/actor.js';
import { STAFF_COMMANDS as C } from '../../../staff/commands/all-commands.js';
import { requireStaff } from '../auth-hook.js';
import { checkbox } from '../form.js';
import { runAs, sendPage, type ConsoleDeps } from '../page.js';
import { permissionsOf } from '../roles.js';
import { postView } from './post-view.js';

/** How far ahead the timeline looks. */
const HORIZON_MS = 7 * 86_400_000;

const approveForm = z.object({ override: checkbox.default(false) });

export function registerScheduleRoutes(app: FastifyInstance, deps: ConsoleDeps): void {
  const { services } = deps;
  const timeZone = services.config.city.timeZone;
  const dayOf = cachedDateFormat('en-US', { timeZone, weekday: 'long', month: 'long', day: 'numeric' });

  app.get('/console/schedule', async (request, reply) => {
    const staff = requireStaff(request);
    const now = services.clock.now();
    const [pending, schedules] = await Promise.all([services.staff.views.posts({ status: 'pending', limit: 1000 }), services.scheduler.list()]);
    const own = (createdBy: string) => isAuthor(staff.actor, createdBy);
    const can = permissionsOf(staff.role);
    const recurring = schedules.map((s) => ({
      id: s.id,
      rhythm: describeCron(s.cron),
      cron: s.cron,
      nextRun: s.nextRun === null ? null : Date.parse(s.nextRun),
      startsAt: s.startsAt ?? null,
      channels: s.channels.join(', '),
      text: s.text,
      createdBy: s.createdBy,
      fromConfig: s.origin === 'config',
      awaitingApproval: s.awaitingApproval === true,
      canApprove: s.awaitingApproval === true && can.approve && !own(s.createdBy),
      canOverride: s.awaitingApproval === true && can.override && own(s.createdBy),
    }));
    // The timeline: one-off posts and each schedule's next run, by day in the city's time zone.
    const items = [
      ...pending.filter((p) => p.dueAt < now + HORIZON_MS).map((p) => ({ at: p.dueAt, kind: 'post' as const, post: postView(p, now) })),
      // A run before the schedule starts, or while it waits for approval, posts nothing: not shown.
      ...recurring
        .filter((s) => s.nextRun !== null && s.nextRun < now + HORIZON_MS && !s.awaitingApproval && (s.startsAt === null || s.nextRun >= s.startsAt))
        .map((s) => ({ at: s.nextRun as number, kind: 'schedule' as const, schedule: s })),
    ].sort((a, b) => a.at - b.at);
    const days: { day: string; items: typeof items }[] = [];
    for (const item of items) {
      const day = item.at < now ? 'Overdue' : dayOf.format(item.at);
      const last = days.at(-1);
      if (last?.day === day) last.items.push(item);
      else days.push({ day, items: [item] });
    }
    return sendPage(deps, request, reply, 'schedule', 'Schedule', { days, recurring, timeZone });
  });

  app.post<{ Params: { id: string } }>('/console/schedule/:id/approve', async (request, reply) => {
    const form = approveForm.parse(request.body);
    await runAs(deps, request, C.scheduleApprove, { id: request.params.id, override: form.override });
    return reply.redirect('/console/schedule?done=approved', 303);
  });

  app.post<{ Params: { id: string } }>('/console/schedule/:id/cancel', async (request, reply) => {
    await runAs(deps, request, C.scheduleCancel, { id: request.params.id });
    return reply.redirect('/console/schedule?done=schedule-cancelled', 303);
  });
}
