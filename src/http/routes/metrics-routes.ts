import type { FastifyInstance } from 'fastify';
import type { Metrics } from '../../metrics/metrics.js';

/**
 * `/metrics` in Prometheus text format. No token: it holds counts and states, never content or
 * secrets, and scrapers expect plain GET; bind the HTTP port privately as for the admin API.
 */
export function registerMetricsRoutes(app: FastifyInstance, metrics: Metrics): void {
  app.get('/metrics', async (_request, reply) => {
    const body = await metrics.render();
    return reply.header('content-type', metrics.registry.contentType).send(body);
  });
}
