import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { kindCapabilities } from '../../../channels/registry.js';
import { AppError, isAppError } from '../../../domain/errors.js';
import { CronRegistry } from '../../../scheduling/cron-registry.js';
import { variesByOccurrence } from '../../../scheduling/occurrence-text.js';
import { describeCron, repeatToCron } from '../../../scheduling/repeat.js';
import { STAFF_COMMANDS as C } from '../../../staff/commands/all-commands.js';
import { atLeast } from '../../../staff/roles.js';
import { requireStaff } from '../auth-hook.js';
import { list, optionalText } from '../form.js';
import { cityTimeToEpoch, epochToCityTime } from '../local-time.js';
import { runAs, sendPage, type ConsoleDeps } from '../page.js';
import { readability } from '../readability.js';

const composeForm = z.object({
  text: z.string().trim().min(1, 'write the post text').max(10_000),
  channels: list.pipe(z.array(z.string()).min(1, 'choose at least one channel')),
  at: optionalText(40),
  priority: z.enum(['routine', 'emergency']).default('routine'),
  repeat: z.enum(['once', 'daily', 'weekdays', 'weekly', 'cron']).default('once'),
  cron: optionalText(100),
  /** Editing: the pending post or the schedule this replaces. */
  replacesPost: optionalText(300),
  replacesSchedule: optionalText(100),
  action: z.enum(['check', 'send']).default('check'),
});
type ComposeForm = z.infer<typeof composeForm>;

export function registerComposeRoutes(app: FastifyInstance, deps: ConsoleDeps): void {
  const { services } = deps;
  const { config } = services;
  const timeZone = config.city.timeZone;

  /** Channels and groups staff can tick, with the ones already chosen kept ticked. */
  const choices = (chosen: string[]) => [
    { name: 'all', label: 'All public channels', group: true },
    ...Object.entries(config.channelGroups).map(([name, members]) => ({ name, label: `${name} (${members.join(', ')})`, group: true })),
    ...[...services.channels.keys()].map((name) => ({ name, label: name, group: false })),
  ].map((c) => ({ ...c, checked: chosen.includes(c.name), id: `ch-${c.name}` }));

  /** Per channel: how the text would be cut, or why it cannot be posted there. */
  const analyse = (text: string, names: string[], repeats: boolean) => {
    const channels = services.resolveChannels(names);
    const rows = channels.map((channel) => {
      const limit = services.channels.get(channel)?.limits.maxLength ?? 0;
      try {
        const parts = services.compose(text, channel);
        return { channel, parts: parts.length, length: [...text].length, limit, error: null };
      } catch (error) {
        return { channel, parts: 0, length: [...text].length, limit, error: isAppError(error) ? error.message : 'cannot be fitted' };
      }
    });
    const score = readability(text);
    // Some platforms refuse the second occurrence of a fixed text: say so before the schedule is made.
    const refusing = repeats && !variesByOccurrence(text) ? channels.filter((c) => kindCapabilities(config.channels[c]?.kind ?? '')?.refusesRepeats === true) : [];
    return { rows, score, tooHard: score.grade > config.staff.readabilityMaxGrade, maxGrade: config.staff.readabilityMaxGrade, blocked: rows.some((r) => r.error !== null), refusing };
  };

  /** The cron a form asks for, or undefined for a one-off post; errors name the field. */
  const cronOf = (form: Pick<ComposeForm, 'repeat' | 'cron'>, at: number | undefined): string | undefined => {
    if (form.repeat === 'once') return undefined;
    if (form.repeat === 'cron') {
      if (form.cron === undefined) throw new AppError('INVALID_INPUT', 'write a cron expression for a custom repeat (e.g. 0 7 * * 1-5)');
      const problem = CronRegistry.check(form.cron);
      if (problem !== undefined) throw new AppError('INVALID_INPUT', `cron "${form.cron}": ${problem}`);
      return form.cron;
    }
    if (at === undefined) throw new AppError('INVALID_INPUT', 'a repeating post needs its first date and time in "Send at"');
    return repeatToCron(form.repeat, at, timeZone);
  };

  const page = (form: Partial<ComposeForm> & { channels: string[] }, extra: Record<string, unknown> = {}) => ({
    choices: choices(form.channels),
    form: { text: '', at: '', priority: 'routine', repeat: 'once', cron: '', ...form },
    editing: form.replacesPost !== undefined || form.replacesSchedule !== undefined,
    twoPerson: config.staff.twoPersonRule,
    timeZone,
    ...extra,
  });

  /** The composer is for those who may post; the layer checks again when they do. */
  const mayCompose = (request: FastifyRequest) => {
    if (!atLeast(requireStaff(request).role, C.postQueue.role)) throw new AppError('FORBIDDEN', `your role (${requireStaff(request).role}) may not compose posts`);
  };

  app.get('/console/compose', async (request, reply) => {
    mayCompose(request);
    const query = z.object({ post: z.string().max(300).optional(), schedule: z.string().max(100).optional() }).parse(request.query);
    if (query.post !== undefined) {
      // Editing a one-off post: the form starts from it; saving replaces it.
      const post = await services.outbox.get(query.post);
      if (post === undefined || post.status !== 'pending') throw new AppError('CONFLICT', `post ${query.post} is no longer pending and cannot be edited`);
      const form = { text: post.parts.join('\n\n'), channels: [post.channel], at: epochToCityTime(post.dueAt, timeZone), priority: post.priority === 'emergency' ? ('emergency' as const) : ('routine' as const), replacesPost: post.id };
      return sendPage(deps, request, reply, 'compose', 'Edit post', page(form));
    }
    if (query.schedule !== undefined) {
      const schedule = await services.scheduler.get(query.schedule);
      if (schedule.origin !== 'runtime') throw new AppError('CONFLICT', `schedule ${schedule.id} comes from config; change it there`);
      const form = { text: schedule.text, channels: schedule.channels, at: schedule.startsAt === undefined ? '' : epochToCityTime(schedule.startsAt, timeZone), priority: schedule.priority === 'emergency' ? ('emergency' as const) : ('routine' as const), repeat: 'cron' as const, cron: schedule.cron, replacesSchedule: schedule.id };
      return sendPage(deps, request, reply, 'compose', 'Edit recurring post', page(form));
    }
    return sendPage(deps, request, reply, 'compose', 'Compose', page({ channels: [] }));
  });

  /** The live check as you type (compose.js): the same analysis as "Check", as JSON. */
  app.post('/console/compose/preview', async (request, reply) => {
    mayCompose(request);
    const form = composeForm.partial({ channels: true }).extend({ text: z.string().max(10_000).default('') }).parse(request.body);
    const channels = form.channels ?? [];
    if (form.text.trim() === '' || channels.length === 0) return reply.send({ rows: [], grade: null, tooHard: false, refusing: [], repeatsAs: null });
    let repeatsAs: string | null = null;
    let cron: string | undefined;
    try {
      cron = cronOf(form, form.at === undefined ? undefined : cityTimeToEpoch(form.at, timeZone));
      repeatsAs = cron === undefined ? null : describeCron(cron);
    } catch {
      // An unfinished repeat (no time yet, a half-typed cron) is for "Check" to explain.
    }
    const analysis = analyse(form.text, channels, cron !== undefined);
    return reply.send({ rows: analysis.rows, grade: analysis.score.grade, maxGrade: analysis.maxGrade, tooHard: analysis.tooHard, refusing: analysis.refusing, repeatsAs });
  });

  app.post('/console/compose', async (request, reply) => {
    mayCompose(request);
    const form = composeForm.parse(request.body);
    const at = form.at === undefined ? undefined : cityTimeToEpoch(form.at, timeZone);
    const cron = cronOf(form, at);
    const analysis = analyse(form.text, form.channels, cron !== undefined);
    if (form.action === 'check' || analysis.blocked) {
      const shown = page({ ...form, at: form.at ?? '', cron: form.cron ?? '' }, { analysis, repeatsAs: cron === undefined ? null : describeCron(cron) });
      return sendPage(deps, request, reply, 'compose', 'Compose', shown, analysis.blocked && form.action === 'send' ? 400 : 200);
    }
    if (cron !== undefined) {
      // Repeating: a new schedule, or (editing) a new one that replaces the old. Config schedules are refused in the layer.
      const schedule = { cron, timeZone, channels: form.channels, text: form.text, priority: form.priority, ...(at === undefined ? {} : { startsAt: at }) };
      const created = form.replacesSchedule === undefined ? await runAs(deps, request, C.scheduleAdd, schedule) : await runAs(deps, request, C.scheduleEdit, { ...schedule, replaces: form.replacesSchedule });
      return reply.redirect(`/console/schedule?done=${created.awaitingApproval === true ? 'schedule-awaiting' : 'scheduled'}`, 303);
    }
    const post = { text: form.text, channels: form.channels, priority: form.priority, readabilityGrade: analysis.score.grade, ...(at === undefined ? {} : { at }) };
    const result = form.replacesPost === undefined ? await runAs(deps, request, C.postQueue, post) : await runAs(deps, request, C.postEdit, { ...post, replaces: form.replacesPost });
    return reply.redirect(`/console/outbox?done=${result.awaitingApproval ? 'awaiting' : 'queued'}`, 303);
  });
}
