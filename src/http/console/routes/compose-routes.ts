import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { isAppError } from '../../../domain/errors.js';
import { actorOf, requireRole } from '../auth-hook.js';
import { list, optionalText } from '../form.js';
import { cityTimeToEpoch } from '../local-time.js';
import { sendPage, type ConsoleDeps } from '../page.js';
import { readability } from '../readability.js';

const composeForm = z.object({
  text: z.string().trim().min(1, 'write the post text').max(10_000),
  channels: list.pipe(z.array(z.string()).min(1, 'choose at least one channel')),
  at: optionalText(40),
  priority: z.enum(['routine', 'emergency']).default('routine'),
  action: z.enum(['check', 'send']).default('check'),
});

export function registerComposeRoutes(app: FastifyInstance, deps: ConsoleDeps): void {
  const { services } = deps;
  const { config } = services;

  /** Channels and groups staff can tick, with the ones already chosen kept ticked. */
  const choices = (chosen: string[]) => [
    { name: 'all', label: 'All public channels', group: true },
    ...Object.entries(config.channelGroups).map(([name, members]) => ({ name, label: `${name} (${members.join(', ')})`, group: true })),
    ...[...services.channels.keys()].map((name) => ({ name, label: name, group: false })),
  ].map((c) => ({ ...c, checked: chosen.includes(c.name), id: `ch-${c.name}` }));

  /** Per channel: how the text would be cut, or why it cannot be posted there. */
  const analyse = (text: string, names: string[]) => {
    const rows = services.resolveChannels(names).map((channel) => {
      const limit = services.channels.get(channel)?.limits.maxLength ?? 0;
      try {
        const parts = services.compose(text, channel);
        return { channel, parts: parts.length, length: [...text].length, limit, error: null };
      } catch (error) {
        return { channel, parts: 0, length: [...text].length, limit, error: isAppError(error) ? error.message : 'cannot be fitted' };
      }
    });
    const score = readability(text);
    return { rows, score, tooHard: score.grade > config.staff.readabilityMaxGrade, maxGrade: config.staff.readabilityMaxGrade, blocked: rows.some((r) => r.error !== null) };
  };

  app.get('/console/compose', async (request, reply) => {
    requireRole(request, 'post.compose');
    return sendPage(deps, request, reply, 'compose', 'Compose', { choices: choices([]), form: { text: '', at: '', priority: 'routine' }, twoPerson: config.staff.twoPersonRule, timeZone: config.city.timeZone });
  });

  app.post('/console/compose', async (request, reply) => {
    const staff = requireRole(request, 'post.compose');
    const form = composeForm.parse(request.body);
    const at = form.at === undefined ? undefined : cityTimeToEpoch(form.at, config.city.timeZone);
    const analysis = analyse(form.text, form.channels);
    if (form.action === 'check' || analysis.blocked) {
      return sendPage(deps, request, reply, 'compose', 'Compose', { choices: choices(form.channels), form: { ...form, at: form.at ?? '' }, analysis, twoPerson: config.staff.twoPersonRule, timeZone: config.city.timeZone }, analysis.blocked && form.action === 'send' ? 400 : 200);
    }
    // Two-person rule: a comms user's post waits for someone else; managers and admins post directly.
    const awaitingApproval = config.staff.twoPersonRule && staff.role === 'comms';
    const actor = actorOf(staff);
    const posts = services.composePosts({ text: form.text, channels: form.channels, priority: form.priority, actor, awaitingApproval, ...(at === undefined ? {} : { at }) });
    await services.outbox.enqueueAll(posts);
    await services.store.appendAudit({ at: services.clock.now(), actor, action: 'post.create', target: posts.map((p) => p.id).join(','), where: 'console', detail: { channels: form.channels, at: at === undefined ? null : new Date(at).toISOString(), awaitingApproval, readabilityGrade: analysis.score.grade } });
    return reply.redirect(`/console/outbox?done=${awaitingApproval ? 'awaiting' : 'queued'}`, 303);
  });
}
