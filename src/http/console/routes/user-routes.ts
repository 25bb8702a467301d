import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../../domain/errors.js';
import { STAFF_COMMANDS as C } from '../../../staff/commands/all-commands.js';
import { atLeast, STAFF_ROLES } from '../../../staff/roles.js';
import { requireStaff } from '../auth-hook.js';
import { runAs, sendPage, type ConsoleDeps } from '../page.js';

type NameParams = { Params: { name: string } };
const addForm = z.object({ name: z.string().max(100), role: z.string().max(20), password: z.string().max(1000), chatIds: z.string().max(500).default('') });

/** Admins manage runtime users here; config users are listed (and only signed out) here. */
export function registerUserRoutes(app: FastifyInstance, deps: ConsoleDeps): void {
  const { services } = deps;
  const done = (what: string) => `/console/users?done=${what}`;

  app.get('/console/users', async (request, reply) => {
    if (!atLeast(requireStaff(request).role, C.userAdd.role)) throw new AppError('FORBIDDEN', 'only admins manage users');
    const users = (await services.staff.users.list()).map((u) => ({ name: u.name, role: u.role, origin: u.origin, runtime: u.origin === 'runtime', disabled: u.disabled }));
    return sendPage(deps, request, reply, 'users', 'Users', { users, roles: STAFF_ROLES });
  });
  app.post('/console/users', async (request, reply) => {
    const form = addForm.parse(request.body);
    const chatIds = form.chatIds.split(',').map((id) => id.trim()).filter((id) => id.length > 0);
    await runAs(deps, request, C.userAdd, { name: form.name.trim().toLowerCase(), role: form.role, password: form.password, chatIds });
    return reply.redirect(done('user-added'), 303);
  });
  app.post<NameParams>('/console/users/:name/role', async (request, reply) => {
    await runAs(deps, request, C.userSetRole, { name: request.params.name, role: z.object({ role: z.string().max(20) }).parse(request.body).role });
    return reply.redirect(done('user-changed'), 303);
  });
  app.post<NameParams>('/console/users/:name/password', async (request, reply) => {
    await runAs(deps, request, C.userSetPassword, { name: request.params.name, password: z.object({ password: z.string().max(1000) }).parse(request.body).password });
    return reply.redirect(done('user-changed'), 303);
  });
  app.post<NameParams>('/console/users/:name/disable', async (request, reply) => {
    await runAs(deps, request, C.userDisable, { name: request.params.name });
    return reply.redirect(done('user-changed'), 303);
  });
  app.post<NameParams>('/console/users/:name/enable', async (request, reply) => {
    await runAs(deps, request, C.userEnable, { name: request.params.name });
    return reply.redirect(done('user-changed'), 303);
  });
  app.post<NameParams>('/console/users/:name/sign-out', async (request, reply) => {
    await runAs(deps, request, C.userEndSessions, { name: request.params.name });
    return reply.redirect(done('user-changed'), 303);
  });
}
