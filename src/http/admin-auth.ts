import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../services.js';
import type { Actor } from '../staff/actor.js';

const actorByRequest = new WeakMap<FastifyRequest, Actor>();

/**
 * Bearer-token check for the admin API: the local admin token (service account `local-admin`),
 * a personal token (acts as that person, with their current role) or a service account's token.
 * The caller never says who it is; the token does. `x-civicast-client: cli` only labels the surface.
 */
export function apiAuthGuard(services: Services, localAdminToken: string) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const header = request.headers.authorization ?? '';
    const bearer = header.startsWith('Bearer ') ? header.slice(7).trim() : '';
    const via = request.headers['x-civicast-client'] === 'cli' ? 'cli' : 'api';
    const actor = bearer.length === 0 || bearer.length > 200 ? undefined : await services.staff.actorForToken(bearer, localAdminToken, via);
    if (actor === undefined) {
      await reply.code(401).header('www-authenticate', 'Bearer').send({ error: 'AUTH_FAILED', message: 'missing, wrong or revoked API token' });
      return;
    }
    actorByRequest.set(request, actor);
  };
}

/** The authenticated API caller (the guard runs before every /api route). */
export function apiActor(request: FastifyRequest): Actor {
  const actor = actorByRequest.get(request);
  if (actor === undefined) throw new Error('apiActor called outside the /api guard');
  return actor;
}
