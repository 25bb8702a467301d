import type { FastifyInstance } from 'fastify';
import type { Services } from '../../services.js';

/** Liveness (the process answers) and readiness (store reachable, channels' state). */
export function registerHealthRoutes(app: FastifyInstance, services: Services): void {
  app.get('/healthz', async () => ({ ok: true }));
  app.get('/readyz', async (_request, reply) => {
    const storeOk = await services.store.ping();
    const channels = [...services.channels.values()].map((c) => ({ name: c.name, kind: c.kind, ...c.health() }));
    const body = { ready: storeOk, store: { kind: services.store.kind, reachable: storeOk }, channels };
    return reply.code(storeOk ? 200 : 503).send(body);
  });
}
