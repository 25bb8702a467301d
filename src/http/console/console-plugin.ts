import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import helmet from '@fastify/helmet';
import type { FastifyError, FastifyInstance } from 'fastify';
import { ZodError } from 'zod';
import { formatPath } from '../../config/config-error.js';
import { isAppError, type ErrorCode } from '../../domain/errors.js';
import type { Services } from '../../services.js';
import { authHook } from './auth-hook.js';
import { sendError, type ConsoleDeps } from './page.js';
import { registerComposeRoutes } from './routes/compose-routes.js';
import { registerDashboardRoutes } from './routes/dashboard-routes.js';
import { registerEmergencyRoutes } from './routes/emergency-routes.js';
import { registerFaqRoutes } from './routes/faq-routes.js';
import { registerInboxRoutes } from './routes/inbox-routes.js';
import { registerThemesRoutes } from './routes/themes-routes.js';
import { registerLoginRoutes } from './routes/login-routes.js';
import { registerAuditRoutes } from './routes/audit-routes.js';
import { registerOutboxRoutes } from './routes/outbox-routes.js';
import { registerScheduleRoutes } from './routes/schedule-routes.js';
import { registerPauseRoutes } from './routes/pause-routes.js';
import { registerAccountRoutes } from './routes/account-routes.js';
import { registerTranslationReviewRoutes } from './routes/translation-review-routes.js';
import { registerUserRoutes } from './routes/user-routes.js';
import { defaultViewsDir, loadViews } from './views.js';

const STATUS: Partial<Record<ErrorCode, number>> = { INVALID_INPUT: 400, TEMPLATE_INVALID: 400, NOT_FOUND: 404, CONFLICT: 409, FORBIDDEN: 403, AUTH_FAILED: 403, STORE_UNAVAILABLE: 503 };

/**
 * The staff console under /console: server-rendered pages over the same services the admin API
 * uses, with every action run through the staff layer. Cookies, form bodies, security headers and the HTML error handler live in their own
 * encapsulated context, so the JSON admin API is unaffected.
 */
export async function registerConsole(app: FastifyInstance, services: Services, options: { viewsDir: string }): Promise<void> {
  const views = loadViews(options.viewsDir, services.config.city.timeZone);
  const deps: ConsoleDeps = { services, views, secureCookies: services.config.staff.secureCookies };
  await app.register(async (scope) => {
    await scope.register(cookie);
    await scope.register(formbody);
    await scope.register(helmet, {
      contentSecurityPolicy: { directives: { 'default-src': ["'self'"], 'script-src': ["'self'"], 'style-src': ["'self'"], 'img-src': ["'self'", 'data:'], 'form-action': ["'self'"], 'frame-ancestors': ["'none'"] } },
    });
    scope.addHook('preHandler', authHook(deps));
    scope.setErrorHandler(async (error: FastifyError | Error, request, reply) => {
      if (error instanceof ZodError) return sendError(deps, request, reply, 400, 'Some fields are missing or invalid.', error.issues.map((i) => `${formatPath(i.path) || 'form'}: ${i.message}`));
      if (isAppError(error)) return sendError(deps, request, reply, STATUS[error.code] ?? 500, error.message);
      const statusCode = (error as FastifyError).statusCode;
      if (statusCode !== undefined && statusCode < 500) return sendError(deps, request, reply, statusCode, error.message);
      request.log.error({ err: error }, 'console request failed');
      return sendError(deps, request, reply, 500, 'Internal error; see the service log.');
    });
    // A catch-all rather than setNotFoundHandler, which would also take over the API's 404s.
    scope.get('/console/*', async (request, reply) => sendError(deps, request, reply, 404, 'There is no such page.'));

    scope.get('/console/console.css', async (_request, reply) => reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=300').send(views.css));
    scope.get('/console/compose.js', async (_request, reply) => reply.type('text/javascript; charset=utf-8').header('cache-control', 'public, max-age=300').send(views.composeScript));
    registerLoginRoutes(scope, deps);
    registerDashboardRoutes(scope, deps);
    registerEmergencyRoutes(scope, deps);
    registerComposeRoutes(scope, deps);
    registerOutboxRoutes(scope, deps);
    registerScheduleRoutes(scope, deps);
    registerAuditRoutes(scope, deps);
    registerInboxRoutes(scope, deps);
    registerFaqRoutes(scope, deps);
    registerTranslationReviewRoutes(scope, deps);
    registerThemesRoutes(scope, deps);
    registerPauseRoutes(scope, deps);
    registerUserRoutes(scope, deps);
    registerAccountRoutes(scope, deps);
  });
}

/** For load-modules' `httpPlugins`: the console with the views shipped in web/console. */
export function consolePlugin(services: Services, viewsDir: string = defaultViewsDir(import.meta.url)): (app: FastifyInstance) => Promise<void> {
  return (app) => registerConsole(app, services, { viewsDir });
}
