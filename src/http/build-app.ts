import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Services } from '../services.js';
import { bearerGuard } from './admin-auth.js';
import { handleHttpError } from './http-errors.js';
import { registerAdminRoutes } from './routes/admin-routes.js';
import { registerHealthRoutes } from './routes/health-routes.js';

export interface BuildAppOptions {
  services: Services;
  logger: Logger;
  adminToken: string;
  bodyLimitBytes: number;
  /** Extra route groups (staff console, public pages, metrics) registered by later modules. */
  plugins?: ((app: FastifyInstance) => Promise<void> | void)[];
}

/** Builds the fastify app without listening, so tests can use `inject`. */
export async function buildApp(options: BuildAppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: options.logger.child({ component: 'http' }) as FastifyBaseLogger,
    bodyLimit: options.bodyLimitBytes,
    logController: new LogController({ disableRequestLogging: true }),
    trustProxy: false,
  });
  app.setErrorHandler(handleHttpError);
  registerHealthRoutes(app, options.services);
  await app.register(
    async (api) => {
      api.addHook('onRequest', bearerGuard(options.adminToken));
      registerAdminRoutes(api, options.services);
    },
  );
  for (const plugin of options.plugins ?? []) await plugin(app);
  return app;
}
