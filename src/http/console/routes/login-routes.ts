import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { SESSION_COOKIE } from '../../../staff/auth/sessions.js';
import { requireStaff } from '../auth-hook.js';
import { csrfMatches, newToken } from '../csrf.js';
import { sendPage, type ConsoleDeps } from '../page.js';

/** Double-submit token for the sign-in form, which has no session (and so no session token) yet. */
const LOGIN_COOKIE = 'civicast_login';
/** Marks a browser a user has signed in from: its own failures count, strangers' do not (see SignIn). */
const DEVICE_COOKIE = 'civicast_device';
const DEVICE_MAX_AGE_S = 180 * 86_400;
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
    if ((await services.staff.actorForSession(request.cookies[SESSION_COOKIE])) !== undefined) return reply.redirect('/console', 303);
    return showForm(reply, request, null, 200);
  });

  app.post('/console/login', async (request, reply) => {
    const body = loginBody.parse(request.body ?? {});
    const expected = request.cookies[LOGIN_COOKIE];
    if (expected === undefined || !csrfMatches(expected, body._csrf)) return showForm(reply, request, 'The sign-in form expired. Please try again.', 403, body.username);
    const result = await services.staff.signIn.attempt({ name: body.username, password: body.password, address: request.ip, device: request.cookies[DEVICE_COOKIE] }, services.clock.now());
    const name = body.username.trim().toLowerCase();
    if (!result.ok && result.reason === 'limited') {
      const minutes = Math.max(1, Math.ceil(result.retryAfterMs / 60_000));
      return showForm(reply, request, `Too many failed sign-ins. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`, 429, name);
    }
    if (!result.ok) return showForm(reply, request, GENERIC, 401, name);
    void reply.clearCookie(LOGIN_COOKIE, cookieOptions);
    void reply.setCookie(DEVICE_COOKIE, result.device, { ...cookieOptions, maxAge: DEVICE_MAX_AGE_S });
    void reply.setCookie(SESSION_COOKIE, result.session.id, { ...cookieOptions, maxAge: Math.floor(services.config.staff.sessionHours * 3600) });
    return reply.redirect('/console', 303);
  });

  app.post('/console/logout', async (request, reply) => {
    const staff = requireStaff(request);
    await services.staff.sessions.destroy(staff.sessionId);
    await services.staff.security({ actor: staff.actor.id, action: 'console.logout' });
    void reply.clearCookie(SESSION_COOKIE, cookieOptions);
    return reply.redirect('/console/login', 303);
  });
}
