import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Services } from '../services.js';
import { apiAuthGuard } from './admin-auth.js';
import { handleHttpError } from './http-errors.js';
import { registerAdminRoutes } from './routes/admin-routes.js';
import type { ReadinessCheck } from '../health/readiness.js';
import { registerHealthRoutes } from './routes/health-routes.js';

export type HttpPlugin = (app: FastifyInstance) => Promise<void> | void;

export interface BuildAppOptions {
  services: Services;
  logger: Logger;
  /** The local admin token (service account `local-admin`); personal and service tokens live in the store. */
  adminToken: string;
  bodyLimitBytes: number;
  /** Which reverse proxies to believe about the client address (fastify's trustProxy). */
  trustProxy?: boolean | string[];
  /** Headers and body must arrive within this (slow clients are cut off with 408); default 30 s. */
  requestTimeoutMs?: number;
  /**
   * `all` (default): one app with everything. `public`: health, console and public pages only.
   * `admin`: health, `/api` and `adminPlugins` (metrics), for a separate loopback listener.
   */
  part?: 'all' | 'public' | 'admin';
  /** What `/readyz` checks; default: the store only. */
  readiness?: readonly ReadinessCheck[];
  /** Route groups for the public side (staff console, public pages). */
  plugins?: HttpPlugin[];
  /** Route groups for the admin side (metrics). */
  adminPlugins?: HttpPlugin[];
  /** Hears every route as it is added (the route inventory the attack tests walk). */
  onRoute?: (route: { method: string | string[]; url: string }) => void;
}

/** Builds the fastify app without listening, so tests can use `inject`. */
export async function buildApp(options: BuildAppOptions): Promise<FastifyInstance> {
  const part = options.part ?? 'all';
  const requestTimeout = options.requestTimeoutMs ?? 30_000;
  const app = Fastify({
    loggerInstance: options.logger.child({ component: 'http' }) as FastifyBaseLogger,
    bodyLimit: options.bodyLimitBytes,
    logController: new LogController({ disableRequestLogging: true }),
    trustProxy: options.trustProxy ?? false,
    // Fastify's default is no limit at all: a client trickling a body would hold its request open
    // forever. Node checks the limit every `connectionsCheckingInterval`, so that is kept shorter.
    requestTimeout,
    connectionTimeout: requestTimeout * 2,
    http: { headersTimeout: requestTimeout, connectionsCheckingInterval: Math.max(250, Math.min(30_000, Math.floor(requestTimeout / 4))) },
  });
  if (options.onRoute !== undefined) {
    const listener = options.onRoute;
    app.addHook('onRoute', (route) => listener({ method: route.method, url: route.url }));
  }
  app.setErrorHandler(handleHttpError);
  // Baseline security headers on every response (the console adds its own stricter set).
  app.addHook('onSend', async (_request, reply) => {
    if (reply.getHeader('x-content-type-options') === undefined) reply.header('x-content-type-options', 'nosniff');
    if (reply.getHeader('referrer-policy') === undefined) reply.header('referrer-policy', 'no-referrer');
    if (reply.getHeader('x-frame-options') === undefined) reply.header('x-frame-options', 'DENY');
    if (reply.getHeader('content-security-policy') === undefined) reply.header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
  });
  registerHealthRoutes(app, options.services, options.readiness);
  if (part !== 'public') {
    await app.register(async (api) => {
      api.addHook('onRequest', apiAuthGuard(options.services, options.adminToken));
      registerAdminRoutes(api, options.services);
    });
    for (const plugin of options.adminPlugins ?? []) await plugin(app);
  }
  if (part !== 'admin') for (const plugin of options.plugins ?? []) await plugin(app);
  return app;
}

/**
 * Closes an app without letting a client hold up the stop: idle connections close at once,
 * requests still running after `graceMs` are cut off.
 */
export async function closeWithGrace(app: FastifyInstance, graceMs: number): Promise<void> {
  const timer = setTimeout(() => app.server.closeAllConnections(), graceMs);
  timer.unref();
  try {
    await app.close();
  } finally {
    clearTimeout(timer);
  }
}
