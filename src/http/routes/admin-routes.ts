import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../domain/errors.js';
import type { PostStatus } from '../../domain/post.js';
import type { Services } from '../../services.js';
import { collectStatus } from '../../status/service-status.js';

const paramValue = z.union([z.string().max(500), z.number(), z.boolean()]);
const postBody = z.strictObject({
  text: z.string().min(1).max(10_000),
  channels: z.array(z.string().min(1)).min(1).max(50),
  at: z.iso.datetime({ offset: true }).optional(),
  priority: z.enum(['routine', 'emergency', 'urgent']).default('routine'),
  actor: z.string().max(100).optional(),
});
const scheduleBody = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/),
  cron: z.string().min(9).max(100),
  timeZone: z.string().optional(),
  channels: z.array(z.string()).min(1),
  text: z.string().min(1).max(5000),
  priority: z.enum(['routine', 'emergency']).default('routine'),
  actor: z.string().max(100).optional(),
});
const declareBody = z.strictObject({
  type: z.string().min(1).max(40),
  params: z.record(z.string(), paramValue).default({}),
  title: z.string().max(200).optional(),
  expiresAt: z.iso.datetime({ offset: true }).optional(),
  requiresApproval: z.boolean().default(false),
  drill: z.boolean().default(false),
  actor: z.string().max(100).optional(),
});
const actorBody = z.strictObject({ actor: z.string().max(100).optional(), reason: z.string().max(500).optional() }).default({});
const updateBody = z.strictObject({ params: z.record(z.string(), paramValue).default({}), actor: z.string().max(100).optional() });
const replyBody = z.strictObject({ text: z.string().min(1).max(5000), actor: z.string().max(100).optional() });
const askBody = z.strictObject({ text: z.string().min(1).max(100_000), emergency: z.string().max(40).nullable().optional() });
const statuses = ['pending', 'claimed', 'attempting', 'sent', 'failed', 'cancelled', 'dropped'] as const;

/** The token holder acts as the CLI unless it names a person (the console passes its user). */
const actorOf = (given: string | undefined): string => (given === undefined ? 'cli' : `user:${given}`);

/**
 * The admin API: JSON over HTTP, bearer token. Everything the CLI changes while a service runs
 * goes through here, so the embedded store has one writer.
 */
export function registerAdminRoutes(app: FastifyInstance, services: Services): void {
  app.get('/api/status', async () => collectStatus(services));

  app.post('/api/posts', async (request, reply) => {
    const body = postBody.parse(request.body);
    const actor = actorOf(body.actor);
    const posts = services.composePosts({ text: body.text, channels: body.channels, priority: body.priority, actor, ...(body.at === undefined ? {} : { at: Date.parse(body.at) }) });
    const created = await services.outbox.enqueueAll(posts);
    await services.store.appendAudit({ at: services.clock.now(), actor, action: 'post.create', target: posts.map((p) => p.id).join(','), detail: { channels: body.channels, at: body.at ?? null } });
    return reply.code(201).send({ created, posts: posts.map((p) => ({ id: p.id, channel: p.channel, parts: p.parts.length, dueAt: new Date(p.dueAt).toISOString() })) });
  });

  app.get('/api/outbox', async (request) => {
    const query = z.object({ status: z.enum(statuses).optional(), channel: z.string().optional(), order: z.enum(['due', 'recent']).optional(), limit: z.coerce.number().int().min(1).max(1000).default(100) }).parse(request.query);
    // Final posts are history: newest first unless asked otherwise. The queue reads earliest due first.
    const order = query.order ?? (query.status === undefined || query.status === 'pending' || query.status === 'claimed' || query.status === 'attempting' ? 'due' : 'recent');
    return services.store.listPosts({ limit: query.limit, order, ...(query.status === undefined ? {} : { status: query.status as PostStatus }), ...(query.channel === undefined ? {} : { channel: query.channel }) });
  });
  app.post<{ Params: { id: string } }>('/api/outbox/:id/retry', async (request) => services.outbox.retry(request.params.id, actorOf(actorBody.parse(request.body ?? {}).actor)));
  app.post<{ Params: { id: string } }>('/api/outbox/:id/cancel', async (request) => services.outbox.cancel(request.params.id, actorOf(actorBody.parse(request.body ?? {}).actor)));
  app.post<{ Params: { id: string } }>('/api/outbox/:id/approve', async (request) => services.outbox.approve(request.params.id, actorOf(actorBody.parse(request.body ?? {}).actor)));

  app.get('/api/schedules', async () => services.scheduler.list());
  app.post('/api/schedules', async (request, reply) => {
    const body = scheduleBody.parse(request.body);
    const schedule = await services.scheduler.add({
      id: body.id,
      cron: body.cron,
      timeZone: body.timeZone ?? services.config.city.timeZone,
      channels: body.channels,
      text: body.text,
      priority: body.priority,
      createdBy: actorOf(body.actor),
    });
    return reply.code(201).send(schedule);
  });
  app.post<{ Params: { id: string } }>('/api/schedules/:id/approve', async (request) =>
    services.scheduler.approve(request.params.id, actorOf(actorBody.parse(request.body ?? {}).actor)),
  );
  app.delete<{ Params: { id: string } }>('/api/schedules/:id', async (request) => {
    await services.scheduler.cancel(request.params.id, actorOf(undefined));
    return { cancelled: request.params.id };
  });

  app.get('/api/audit', async (request) => {
    const query = z.object({ n: z.coerce.number().int().min(1).max(10_000).default(50) }).parse(request.query);
    return services.store.tailAudit(query.n);
  });

  app.post('/api/pause', async (request) => {
    const body = actorBody.parse(request.body ?? {});
    const state = await services.pause.set(true, actorOf(body.actor), services.clock.now(), body.reason);
    await services.store.appendAudit({ at: services.clock.now(), actor: actorOf(body.actor), action: 'outbox.pause', ...(body.reason === undefined ? {} : { detail: { reason: body.reason } }) });
    return state;
  });
  app.post('/api/resume', async (request) => {
    const body = actorBody.parse(request.body ?? {});
    const state = await services.pause.set(false, actorOf(body.actor), services.clock.now());
    await services.store.appendAudit({ at: services.clock.now(), actor: actorOf(body.actor), action: 'outbox.resume' });
    return state;
  });

  app.get('/api/emergencies', async () => services.emergencies.list());
  app.post('/api/emergencies', async (request, reply) => {
    const body = declareBody.parse(request.body);
    const emergency = await services.emergencies.declare({
      type: body.type,
      params: body.params,
      actor: actorOf(body.actor),
      requiresApproval: body.requiresApproval,
      drill: body.drill,
      ...(body.title === undefined ? {} : { title: body.title }),
      ...(body.expiresAt === undefined ? {} : { expiresAt: Date.parse(body.expiresAt) }),
    });
    return reply.code(201).send(emergency);
  });
  app.post<{ Params: { id: string } }>('/api/emergencies/:id/update', async (request) => {
    const body = updateBody.parse(request.body ?? {});
    return services.emergencies.update(request.params.id, { params: body.params, actor: actorOf(body.actor) });
  });
  app.post<{ Params: { id: string } }>('/api/emergencies/:id/approve', async (request) => services.emergencies.approve(request.params.id, actorOf(actorBody.parse(request.body ?? {}).actor)));
  app.post<{ Params: { id: string } }>('/api/emergencies/:id/reject', async (request) => {
    const body = actorBody.parse(request.body ?? {});
    return services.emergencies.reject(request.params.id, actorOf(body.actor), body.reason);
  });
  app.post<{ Params: { id: string } }>('/api/emergencies/:id/lift', async (request) => {
    const body = actorBody.parse(request.body ?? {});
    return services.emergencies.lift(request.params.id, actorOf(body.actor), body.reason);
  });

  app.get('/api/inbox', async (request) => {
    const query = z.object({ status: z.enum(['open', 'answered', 'resolved', 'all']).default('open') }).parse(request.query);
    return services.inbox.list(query.status);
  });
  app.post<{ Params: { id: string } }>('/api/inbox/:id/reply', async (request) => {
    const body = replyBody.parse(request.body);
    const item = await services.inbox.get(request.params.id);
    const { posted, item: answered } = await services.replies.staffReply(item, body.text, body.actor ?? 'cli');
    return { ...answered, posted };
  });
  app.post<{ Params: { id: string } }>('/api/inbox/:id/resolve', async (request) => services.inbox.close(request.params.id, 'resolved', actorOf(actorBody.parse(request.body ?? {}).actor)));

  app.post('/api/ask', async (request) => {
    const body = askBody.parse(request.body);
    const emergency = await emergencyFor(services, body.emergency);
    return services.faq.decide(body.text, emergency);
  });

  app.get<{ Params: { type: string } }>('/api/preview/:type', async (request) => {
    const query = z.object({ locale: z.string().optional(), channel: z.string().optional() }).parse(request.query);
    return services.previewCampaign(request.params.type, { ...(query.locale === undefined ? {} : { locale: query.locale }), ...(query.channel === undefined ? {} : { channel: query.channel }) });
  });

  app.get('/api/feeds', async () => services.feedStatus());
  app.post<{ Params: { id: string } }>('/api/feeds/:id/poll', async (request) => services.pollFeed(request.params.id));
  app.post<{ Params: { id: string } }>('/api/feeds/:id/resume', async (request) => {
    await services.resumeFeed(request.params.id);
    await services.store.appendAudit({ at: services.clock.now(), actor: actorOf(actorBody.parse(request.body ?? {}).actor), action: 'feed.resume', target: request.params.id });
    return { resumed: request.params.id };
  });
}

/** The emergency an answer should follow: a named type (as if declared now), none, or the current one. */
export async function emergencyFor(services: Services, type: string | null | undefined) {
  if (type === null || type === 'none') return null;
  if (type !== undefined) {
    if (!services.emergencyTypes().includes(type)) throw new AppError('INVALID_INPUT', `unknown emergency type "${type}"`);
    const open = (await services.emergencies.active()).find((e) => e.type === type);
    // Not declared: answer as a declaration with the playbook's default parameters would.
    return open ?? { type, params: services.defaultParams(type), effectiveAt: services.clock.now(), title: type };
  }
  return (await services.emergencies.current()) ?? null;
}
