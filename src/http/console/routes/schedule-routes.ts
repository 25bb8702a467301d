import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../../domain/errors.js';
import { describeCron } from '../../../scheduling/repeat.js';
import { actorOf, requireRole, requireStaff } from '../auth-hook.js';
import { checkbox } from '../form.js';
import { sendPage, type ConsoleDeps } from '../page.js';
import { can } from '../roles.js';
import { postView } from './post-view.js';

/** How far ahead the timeline looks. */
const HORIZON_MS = 7 * 86_400_000;

const approveForm = z.object({ override: checkbox.default(false) });

export function registerScheduleRoutes(app: FastifyInstance, deps: ConsoleDeps): void {
  const { services } = deps;
  const timeZone = services.config.city.timeZone;
  const dayOf = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'long', month: 'long', day: 'numeric' });

  app.get('/console/schedule', async (request, reply) => {
    const staff = requireStaff(request);
    const now = services.clock.now();
    const [pending, schedules] = await Promise.all([services.store.listPosts({ status: 'pending', limit: 1000 }), services.scheduler.list()]);
    const own = (createdBy: string) => createdBy === actorOf(staff) || createdBy === staff.name;
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
      canApprove: s.awaitingApproval === true && can(staff.role, 'post.approve') && !own(s.createdBy),
      canOverride: s.awaitingApproval === true && can(staff.role, 'post.override') && own(s.createdBy),
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
    const staff = requireRole(request, 'post.approve');
    const form = approveForm.parse(request.body);
    const schedule = await services.scheduler.get(request.params.id);
    const own = schedule.createdBy === actorOf(staff) || schedule.createdBy === staff.name;
    if (own) {
      // The author may not approve alone; a manager may override, and the audit log says so.
      if (!form.override) throw new AppError('FORBIDDEN', 'someone other than the author must approve this schedule');
      requireRole(request, 'post.override');
      await services.scheduler.approve(schedule.id, actorOf(staff), 'schedule.approve.override');
    } else {
      await services.scheduler.approve(schedule.id, actorOf(staff));
    }
    return reply.redirect('/console/schedule?done=approved', 303);
  });

  app.post<{ Params: { id: string } }>('/console/schedule/:id/cancel', async (request, reply) => {
    const staff = requireRole(request, 'post.cancel');
    const schedule = await services.scheduler.get(request.params.id);
    if (schedule.origin === 'config') throw new AppError('CONFLICT', `schedule ${schedule.id} comes from config; remove it there`);
    await services.scheduler.cancel(schedule.id, actorOf(staff));
    return reply.redirect('/console/schedule?done=schedule-cancelled', 303);
  });
}
