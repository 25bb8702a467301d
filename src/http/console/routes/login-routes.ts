import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { csrfMatches, newToken } from '../csrf.js';
import { sendPage, type ConsoleDeps } from '../page.js';
import { dummyHash, verifyPassword } from '../password.js';
import { SESSION_COOKIE } from '../sessions.js';
import { requireStaff } from '../auth-hook.js';

/** Double-submit token for the sign-in form, which has no session (and so no session token) yet. */
const LOGIN_COOKIE = 'civicast_login';
const WINDOW_MS = 15 * 60_000;
const GENERIC = 'Wrong user name or password.';

const loginBody = z.object({ username: z.string().max(100).default(''), password: z.string().max(1000).default(''), _csrf: z.string().max(200).optional() });

export function registerLoginRoutes(app: FastifyInstance, deps: ConsoleDeps): void {
  const { services } = deps;
  const cookieOptions = { path: '/console', httpOnly: true, sameSite: 'strict' as const, secure: deps.secureCookies };

  const showForm = (reply: FastifyReply, request: Parameters<typeof sendPage>[1], error: string | null, status: number, username = '') => {
    const token = newToken();
    void reply.setCookie(LOGIN_COOKIE, token, { ...cookieOptions, maxAge: 3600 });
    return sendPage(deps, request, reply, 'login', 'Sign in', { loginToken: token, error, username }, status);
  };

  app.get('/console/login', async (request, reply) => {
    const current = await deps.sessions.get(request.cookies[SESSION_COOKIE], services.clock.now());
    if (current !== undefined) return reply.redirect('/console', 303);
    return showForm(reply, request, null, 200);
  });

  app.post('/console/login', async (request, reply) => {
    const body = loginBody.parse(request.body ?? {});
    const expected = request.cookies[LOGIN_COOKIE];
    if (expected === undefined || !csrfMatches(expected, body._csrf)) return showForm(reply, request, 'The sign-in form expired. Please try again.', 403, body.username);
    const name = body.username.trim().toLowerCase();
    const now = services.clock.now();
    const limit = services.config.staff.loginAttemptsPer15Min;
    // Both limits count every attempt: per name stops guessing one password, per address stops spraying many names.
    const byIp = await services.store.takeSlot(`console-login:ip:${request.ip}`, limit, WINDOW_MS, now);
    const byName = byIp.taken ? await services.store.takeSlot(`console-login:user:${name}`, limit, WINDOW_MS, now) : byIp;
    if (!byIp.taken || !byName.taken) {
      await services.store.appendAudit({ at: now, actor: 'console', action: 'console.login.limited', target: name, detail: { ip: request.ip } });
      const minutes = Math.max(1, Math.ceil((Math.max(byIp.resetAt, byName.resetAt) - now) / 60_000));
      return showForm(reply, request, `Too many sign-in attempts. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`, 429, name);
    }
    const user = services.config.staff.users.find((u) => u.name === name);
    // Unknown names verify against a dummy hash so timing and message match a wrong password.
    const ok = await verifyPassword(body.password, user?.passwordHash ?? (await dummyHash()));
    if (user === undefined || !ok) {
      await services.store.appendAudit({ at: now, actor: 'console', action: 'console.login.failed', target: name, detail: { ip: request.ip } });
      return showForm(reply, request, GENERIC, 401, name);
    }
    const { id } = await deps.sessions.create(user.name, now);
    await services.store.appendAudit({ at: now, actor: `user:${user.name}`, action: 'console.login', detail: { ip: request.ip } });
    void reply.clearCookie(LOGIN_COOKIE, cookieOptions);
    void reply.setCookie(SESSION_COOKIE, id, { ...cookieOptions, maxAge: Math.floor(services.config.staff.sessionHours * 3600) });
    return reply.redirect('/console', 303);
  });

  app.post('/console/logout', async (request, reply) => {
    const staff = requireStaff(request);
    await deps.sessions.destroy(staff.sessionId);
    await services.store.appendAudit({ at: services.clock.now(), actor: `user:${staff.name}`, action: 'console.logout' });
    void reply.clearCookie(SESSION_COOKIE, cookieOptions);
    return reply.redirect('/console/login', 303);
  });
}
