import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Services } from '../services.js';
import { bearerGuard } from './admin-auth.js';
import { handleHttpError } from './http-errors.js';
import { registerAdminRoutes } from './routes/admin-routes.js';
import { registerBackupRoutes } from './routes/backup-routes.js';
import type { ReadinessCheck } from '../health/readiness.js';
import { registerHealthRoutes } from './routes/health-routes.js';

export interface BuildAppOptions {
  services: Services;
  logger: Logger;
  adminToken: string;
  bodyLimitBytes: number;
  /** Which reverse proxies to believe about the client address (fastify's trustProxy). */
  trustProxy?: boolean | string[];
  /** What `/readyz` checks; default: the store only. */
  readiness?: readonly ReadinessCheck[];
  /** Extra route groups (staff console, public pages, metrics) registered by later modules. */
  plugins?: ((app: FastifyInstance) => Promise<void> | void)[];
}

/** Builds the fastify app without listening, so tests can use `inject`. */
export async function buildApp(options: BuildAppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: options.logger.child({ component: 'http' }) as FastifyBaseLogger,
    bodyLimit: options.bodyLimitBytes,
    logController: new LogController({ disableRequestLogging: true }),
    trustProxy: options.trustProxy ?? false,
  });
  app.setErrorHandler(handleHttpError);
  // Baseline security headers on every response (the console adds its own stricter set).
  app.addHook('onSend', async (_request, reply) => {
    if (reply.getHeader('x-content-type-options') === undefined) reply.header('x-content-type-options', 'nosniff');
    if (reply.getHeader('referrer-policy') === undefined) reply.header('referrer-policy', 'no-referrer');
    if (reply.getHeader('x-frame-options') === undefined) reply.header('x-frame-options', 'DENY');
    if (reply.getHeader('content-security-policy') === undefined) reply.header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
  });
  registerHealthRoutes(app, options.services, options.readiness);
  await app.register(
    async (api) => {
      api.addHook('onRequest', bearerGuard(options.adminToken));
      registerAdminRoutes(api, options.services);
      registerBackupRoutes(api, options.services);
    },
  );
  for (const plugin of options.plugins ?? []) await plugin(app);
  return app;
}
