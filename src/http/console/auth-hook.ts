import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../domain/errors.js';
import { csrfMatches } from './csrf.js';
import { sendError, setStaff, staffOf, type ConsoleDeps, type Staff } from './page.js';
import { can, type ConsoleAction } from './roles.js';
import { SESSION_COOKIE } from './sessions.js';

/** Routes reachable without a session: the sign-in form and the stylesheet it uses. */
const PUBLIC = new Set(['/console/login', '/console/console.css']);

/**
 * Runs before every console handler (after the body is parsed): loads the session, re-reads the
 * user's role from config (removing a user ends their sessions), and checks the CSRF token on
 * every POST, so no route can forget to.
 */
export function authHook(deps: ConsoleDeps) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> => {
    if (PUBLIC.has(request.routeOptions.url ?? '')) return undefined;
    const sessionId = request.cookies[SESSION_COOKIE];
    const session = await deps.sessions.get(sessionId, deps.services.clock.now());
    const user = session === undefined ? undefined : deps.services.config.staff.users.find((u) => u.name === session.user);
    if (session === undefined || user === undefined || sessionId === undefined) {
      if (request.method === 'GET' || request.method === 'HEAD') return reply.redirect('/console/login', 303);
      return sendError(deps, request, reply, 403, 'Your session has ended. Sign in again, then repeat the action.');
    }
    const staff: Staff = { name: user.name, role: user.role, csrf: session.csrf, sessionId };
    setStaff(request, staff);
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      const body = request.body as Record<string, unknown> | undefined;
      if (!csrfMatches(session.csrf, body?.['_csrf'])) {
        request.log.warn({ user: user.name, url: request.url }, 'console: CSRF token missing or wrong');
        return sendError(deps, request, reply, 403, 'This form is out of date or did not come from the console. Reload the page and try again.');
      }
    }
    return undefined;
  };
}

/** The signed-in user, or a 403 if their role may not do `action`. */
export function requireRole(request: FastifyRequest, action: ConsoleAction): Staff {
  const staff = staffOf(request);
  if (staff === undefined) throw new AppError('FORBIDDEN', 'sign in first');
  if (!can(staff.role, action)) throw new AppError('FORBIDDEN', `your role (${staff.role}) may not do this`);
  return staff;
}

/** The signed-in user (any role); the auth hook guarantees one on non-public routes. */
export function requireStaff(request: FastifyRequest): Staff {
  const staff = staffOf(request);
  if (staff === undefined) throw new AppError('FORBIDDEN', 'sign in first');
  return staff;
}

/** The audit actor for a console user, the same form the admin API uses. */
export const actorOf = (staff: Staff): string => `user:${staff.name}`;
