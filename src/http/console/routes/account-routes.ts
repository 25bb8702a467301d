import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { SESSION_COOKIE } from '../../../staff/auth/sessions.js';
import { STAFF_COMMANDS as C } from '../../../staff/commands/all-commands.js';
import { requireStaff } from '../auth-hook.js';
import { runAs, sendPage, type ConsoleDeps } from '../page.js';

const passwordForm = z.object({ current: z.string().max(1000), password: z.string().max(1000) });

/** Every signed-in user: sign out everywhere, change their own password. */
export function registerAccountRoutes(app: FastifyInstance, deps: ConsoleDeps): void {
  const { services } = deps;
  const cookieOptions = { path: '/console', httpOnly: true, sameSite: 'strict' as const, secure: deps.secureCookies };

  app.get('/console/account', async (request, reply) => {
    const staff = requireStaff(request);
    const user = await services.staff.users.get(staff.name);
    return sendPage(deps, request, reply, 'account', 'Account', { fromConfig: user?.origin === 'config' });
  });

  app.post('/console/account/sign-out-everywhere', async (request, reply) => {
    await runAs(deps, request, C.accountSignOutEverywhere, {});
    void reply.clearCookie(SESSION_COOKIE, cookieOptions);
    return reply.redirect('/console/login', 303);
  });

  app.post('/console/account/password', async (request, reply) => {
    const staff = requireStaff(request);
    await runAs(deps, request, C.accountChangePassword, passwordForm.parse(request.body));
    // Every session ended with the change; this browser gets a fresh one.
    const user = await services.staff.users.get(staff.name);
    if (user === undefined) return reply.redirect('/console/login', 303);
    const { id } = await services.staff.sessions.create(user, services.clock.now());
    void reply.setCookie(SESSION_COOKIE, id, { ...cookieOptions, maxAge: Math.floor(services.config.staff.sessionHours * 3600) });
    return reply.redirect('/console/account?done=password-changed', 303);
  });
}
