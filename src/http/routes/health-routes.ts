import type { FastifyInstance } from 'fastify';
import type { Services } from '../../services.js';
import { channelReadiness } from './channel-readiness.js';

/**
 * Liveness (the process answers) and readiness (store reachable, and no channel still connecting
 * or down after a failed start: those are retrying in the background and say why).
 */
export function registerHealthRoutes(app: FastifyInstance, services: Services): void {
  app.get('/healthz', async () => ({ ok: true }));
  app.get('/readyz', async (_request, reply) => {
    const storeOk = await services.store.ping();
    const channels = [...services.channels.values()].map((c) => ({ name: c.name, kind: c.kind, ...c.health() }));
    const { notReady } = channelReadiness(services.channels.values());
    const ready = storeOk && notReady.length === 0;
    const body = { ready, store: { kind: services.store.kind, reachable: storeOk }, channels, ...(notReady.length === 0 ? {} : { notReady }) };
    return reply.code(ready ? 200 : 503).send(body);
  });
}
