import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../domain/errors.js';
import { SESSION_COOKIE } from '../../staff/auth/sessions.js';
import { csrfMatches } from './csrf.js';
import { sendError, setStaff, staffOf, type ConsoleDeps, type Staff } from './page.js';

/** Routes reachable without a session: the sign-in form and the stylesheet it uses. */
const PUBLIC = new Set(['/console/login', '/console/console.css']);

/**
 * Runs before every console handler (after the body is parsed): turns the session into the
 * staff layer's actor (which re-reads the user, so removing, disabling or signing a user out
 * everywhere ends their sessions at once), and checks the CSRF token on every POST, so no route
 * can forget to.
 */
export function authHook(deps: ConsoleDeps) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> => {
    if (PUBLIC.has(request.routeOptions.url ?? '')) return undefined;
    const sessionId = request.cookies[SESSION_COOKIE];
    const signedIn = await deps.services.staff.actorForSession(sessionId);
    if (signedIn === undefined || sessionId === undefined) {
      if (request.method === 'GET' || request.method === 'HEAD') return reply.redirect('/console/login', 303);
      return sendError(deps, request, reply, 403, 'Your session has ended. Sign in again, then repeat the action.');
    }
    const { actor, session } = signedIn;
    const staff: Staff = { actor, name: actor.name, role: actor.role, csrf: session.csrf, sessionId };
    setStaff(request, staff);
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      const body = request.body as Record<string, unknown> | undefined;
      if (!csrfMatches(session.csrf, body?.['_csrf'])) {
        request.log.warn({ user: actor.name, url: request.url }, 'console: CSRF token missing or wrong');
        return sendError(deps, request, reply, 403, 'This form is out of date or did not come from the console. Reload the page and try again.');
      }
    }
    return undefined;
  };
}

/** The signed-in user (any role); the auth hook guarantees one on non-public routes. */
export function requireStaff(request: FastifyRequest): Staff {
  const staff = staffOf(request);
  if (staff === undefined) throw new AppError('FORBIDDEN', 'sign in first');
  return staff;
}
