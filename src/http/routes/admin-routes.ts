import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../domain/errors.js';
import type { PostStatus } from '../../domain/post.js';
import type { Services } from '../../services.js';
import { atLeast, type StaffRole } from '../../staff/roles.js';
import { STAFF_COMMANDS as C } from '../../staff/commands/all-commands.js';
import type { StaffCommand } from '../../staff/command.js';
import { collectStatus } from '../../status/service-status.js';
import { apiActor } from '../admin-auth.js';
import { registerTranslationRoutes } from './translation-routes.js';
import { registerFaqLearningRoutes } from './faq-learning-routes.js';

const askBody = z.strictObject({ text: z.string().min(1).max(100_000), emergency: z.string().max(40).nullable().optional() });
const statuses = ['pending', 'claimed', 'attempting', 'sent', 'failed', 'cancelled', 'dropped'] as const;
const isoTime = z.iso.datetime({ offset: true });
/** ISO times in JSON become the epoch milliseconds commands take. */
const epochOf = (value: unknown): number | undefined => (value === undefined ? undefined : Date.parse(isoTime.parse(value)));

type Params = { Params: { id: string } };

/**
 * The admin API: JSON over HTTP, bearer token bound to a person or service account. It only
 * translates: each state change is one staff command (role, two-person rule and audit are
 * decided there), each read is a read model. The CLI goes through here while a service runs,
 * so the embedded store has one writer.
 */
export function registerAdminRoutes(app: FastifyInstance, services: Services): void {
  const { staff } = services;
  const body = (request: FastifyRequest): Record<string, unknown> => {
    const raw = request.body ?? {};
    if (typeof raw !== 'object' || Array.isArray(raw)) throw new AppError('INVALID_INPUT', 'the request body must be a JSON object');
    return raw as Record<string, unknown>;
  };
  const run = <Cmd extends StaffCommand>(command: Cmd, request: FastifyRequest, input: unknown) => staff.run(command, apiActor(request), input);
  /** Reads need a role too: a viewer sees the queue, a manager the audit log. */
  const read = (request: FastifyRequest, least: StaffRole) => {
    const actor = apiActor(request);
    if (!atLeast(actor.role, least)) throw new AppError('FORBIDDEN', `your role (${actor.role}) may not read this`);
  };

  app.get('/api/status', async (request) => {
    read(request, 'viewer');
    return collectStatus(services);
  });
  app.get('/api/whoami', async (request) => {
    const { id, kind, name, role, via, credential } = apiActor(request);
    return { id, kind, name, role, via, credential };
  });

  app.post('/api/posts', async (request, reply) => {
    const { at, ...rest } = body(request);
    const result = await run(C.postQueue, request, { ...rest, ...(at === undefined ? {} : { at: epochOf(at) }) });
    return reply.code(201).send({ ...result, posts: result.posts.map((p) => ({ ...p, dueAt: new Date(p.dueAt).toISOString() })) });
  });

  app.get('/api/outbox', async (request) => {
    read(request, 'viewer');
    const query = z.object({ status: z.enum(statuses).optional(), channel: z.string().optional(), order: z.enum(['due', 'recent']).optional(), limit: z.coerce.number().int().min(1).max(1000).default(100) }).parse(request.query);
    // Final posts are history: newest first unless asked otherwise. The queue reads earliest due first.
    const order = query.order ?? (query.status === undefined || query.status === 'pending' || query.status === 'claimed' || query.status === 'attempting' ? 'due' : 'recent');
    return staff.views.posts({ limit: query.limit, order, ...(query.status === undefined ? {} : { status: query.status as PostStatus }), ...(query.channel === undefined ? {} : { channel: query.channel }) });
  });
  app.post<Params>('/api/outbox/:id/retry', async (request) => run(C.outboxRetry, request, { ...body(request), id: request.params.id }));
  app.post<Params>('/api/outbox/:id/cancel', async (request) => run(C.outboxCancel, request, { ...body(request), id: request.params.id }));
  app.post<Params>('/api/outbox/:id/approve', async (request) => run(C.outboxApprove, request, { ...body(request), id: request.params.id }));
  app.post<Params>('/api/outbox/:id/edit', async (request, reply) => {
    const { at, ...rest } = body(request);
    return reply.code(201).send(await run(C.postEdit, request, { ...rest, replaces: request.params.id, ...(at === undefined ? {} : { at: epochOf(at) }) }));
  });

  app.get('/api/schedules', async (request) => {
    read(request, 'viewer');
    return services.scheduler.list();
  });
  app.post('/api/schedules', async (request, reply) => {
    const { startsAt, ...rest } = body(request);
    return reply.code(201).send(await run(C.scheduleAdd, request, { ...rest, ...(startsAt === undefined ? {} : { startsAt: epochOf(startsAt) }) }));
  });
  app.post<Params>('/api/schedules/:id/approve', async (request) => run(C.scheduleApprove, request, { ...body(request), id: request.params.id }));
  app.post<Params>('/api/schedules/:id/edit', async (request, reply) => {
    const { startsAt, ...rest } = body(request);
    return reply.code(201).send(await run(C.scheduleEdit, request, { ...rest, replaces: request.params.id, ...(startsAt === undefined ? {} : { startsAt: epochOf(startsAt) }) }));
  });
  app.delete<Params>('/api/schedules/:id', async (request) => run(C.scheduleCancel, request, { id: request.params.id }));

  app.get('/api/audit', async (request) => {
    read(request, 'manager');
    const query = z.object({ n: z.coerce.number().int().min(1).max(10_000).default(50), stream: z.enum(['all', 'staff', 'security']).default('all') }).parse(request.query);
    // `all`: the whole log, oldest first (audit tail); a stream: newest first.
    return query.stream === 'all' ? staff.views.auditTail(query.n) : staff.views.audit(query.stream, query.n);
  });

  app.post('/api/pause', async (request) => run(C.postingPause, request, body(request)));
  app.post('/api/resume', async (request) => run(C.postingResume, request, body(request)));

  app.get('/api/emergencies', async (request) => {
    read(request, 'viewer');
    return services.emergencies.list();
  });
  app.post('/api/emergencies', async (request, reply) => {
    const { expiresAt, ...rest } = body(request);
    return reply.code(201).send(await run(C.emergencyDeclare, request, { ...rest, ...(expiresAt === undefined ? {} : { expiresAt: epochOf(expiresAt) }) }));
  });
  app.post<Params>('/api/emergencies/:id/update', async (request) => run(C.emergencyUpdate, request, { ...body(request), id: request.params.id }));
  app.post<Params>('/api/emergencies/:id/approve', async (request) => run(C.emergencyApprove, request, { ...body(request), id: request.params.id }));
  app.post<Params>('/api/emergencies/:id/reject', async (request) => run(C.emergencyReject, request, { ...body(request), id: request.params.id }));
  app.post<Params>('/api/emergencies/:id/lift', async (request) => run(C.emergencyLift, request, { ...body(request), id: request.params.id }));

  app.get('/api/inbox', async (request) => {
    read(request, 'viewer');
    const query = z.object({ status: z.enum(['open', 'answered', 'resolved', 'all']).default('open') }).parse(request.query);
    return services.inbox.list(query.status);
  });
  app.post<Params>('/api/inbox/:id/reply', async (request) => {
    const result = await run(C.inboxAnswer, request, { ...body(request), id: request.params.id });
    return { ...result.item, posted: result.posted, awaitingApproval: result.awaitingApproval };
  });
  app.post<Params>('/api/inbox/:id/resolve', async (request) => run(C.inboxResolve, request, { ...body(request), id: request.params.id }));

  // A consistent copy of the embedded store, made by the process that owns it.
  app.post('/api/backup', async (request) => run(C.storeBackup, request, body(request)));

  app.post('/api/ask', async (request) => {
    read(request, 'viewer');
    const input = askBody.parse(request.body);
    return services.faq.decide(input.text, await emergencyFor(services, input.emergency));
  });

  app.get<{ Params: { type: string } }>('/api/preview/:type', async (request) => {
    read(request, 'viewer');
    const query = z.object({ locale: z.string().optional(), channel: z.string().optional() }).parse(request.query);
    return services.previewCampaign(request.params.type, { ...(query.locale === undefined ? {} : { locale: query.locale }), ...(query.channel === undefined ? {} : { channel: query.channel }) });
  });

  app.get('/api/feeds', async (request) => {
    read(request, 'viewer');
    return services.feedStatus();
  });
  app.post<Params>('/api/feeds/:id/poll', async (request) => run(C.feedPoll, request, { id: request.params.id }));
  app.post<Params>('/api/feeds/:id/resume', async (request) => run(C.feedResume, request, { id: request.params.id }));

  app.get('/api/users', async (request) => {
    read(request, 'admin');
    return (await staff.users.list()).map(({ passwordHash: _hash, credentialStamp: _stamp, ...user }) => user);
  });
  app.post('/api/users', async (request, reply) => reply.code(201).send(await run(C.userAdd, request, body(request))));
  app.post<{ Params: { name: string } }>('/api/users/:name/role', async (request) => run(C.userSetRole, request, { ...body(request), name: request.params.name }));
  app.post<{ Params: { name: string } }>('/api/users/:name/password', async (request) => run(C.userSetPassword, request, { ...body(request), name: request.params.name }));
  app.post<{ Params: { name: string } }>('/api/users/:name/disable', async (request) => run(C.userDisable, request, { name: request.params.name }));
  app.post<{ Params: { name: string } }>('/api/users/:name/enable', async (request) => run(C.userEnable, request, { name: request.params.name }));
  app.post<{ Params: { name: string } }>('/api/users/:name/sign-out', async (request) => run(C.userEndSessions, request, { name: request.params.name }));

  app.get('/api/tokens', async (request) => {
    const actor = apiActor(request);
    const all = await staff.tokens.list();
    // Everyone sees their own tokens; admins see all.
    return atLeast(actor.role, 'admin') ? all : all.filter((t) => t.owner.kind === 'user' && actor.kind === 'user' && t.owner.name === actor.name);
  });
  app.post('/api/tokens', async (request, reply) => reply.code(201).send(await run(C.tokenCreate, request, body(request))));
  app.post<Params>('/api/tokens/:id/revoke', async (request) => run(C.tokenRevoke, request, { id: request.params.id }));

  registerTranslationRoutes(app, services, { run: (command, request, input) => run(command, request, input), read });
  registerFaqLearningRoutes(app, services, { run: (command, request, input) => run(command, request, input), read });
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
