import { buildApp } from '../http/build-app.js';
import { createLogger } from '../logging/logger.js';
import type { Env } from '../config/env.js';
import { AppError } from '../domain/errors.js';
import { startService } from '../main.js';
import { callAdmin, findService } from './admin-client.js';

export type AdminCall = <T>(method: string, route: string, body?: unknown) => Promise<T>;

/**
 * Runs `fn` against the admin API: the running service when there is one; with Redis and no
 * service, an in-process app over the same store (same routes, same checks). The embedded store
 * has exactly one writer, the service, so without Redis a running service is required.
 */
export async function withAdmin<R>(env: Env, fn: (call: AdminCall) => Promise<R>): Promise<R> {
  const target = findService(env);
  if (target !== undefined) {
    try {
      return await fn((method, route, body) => callAdmin(target, method, route, body));
    } catch (error) {
      if (!(error instanceof AppError && error.code === 'NETWORK' && env.redisUrl !== undefined)) throw error;
    }
  }
  if (env.redisUrl === undefined) {
    throw new AppError('NOT_FOUND', 'no running civicast service found (start one with `npm start`, or set CIVICAST_URL and ADMIN_TOKEN; with REDIS_URL set, commands also work without a service)');
  }
  const logger = createLogger({ level: 'warn' });
  const running = await startService({ env, logger, mode: 'tool' });
  const app = await buildApp({ services: running.services, logger, adminToken: running.adminToken, bodyLimitBytes: running.services.config.http.bodyLimitBytes, part: 'admin' });
  try {
    return await fn(async <T>(method: string, route: string, body?: unknown) => {
      const response = await app.inject({
        method: method as 'GET',
        url: route,
        headers: { authorization: `Bearer ${env.staffToken ?? running.adminToken}`, 'x-civicast-client': 'cli' },
        ...(body === undefined ? {} : { payload: body as object }),
      });
      const data: unknown = response.body.length > 0 ? JSON.parse(response.body) : undefined;
      if (response.statusCode >= 400) {
        const err = data as { error?: string; message?: string } | undefined;
        throw new AppError('REJECTED', `${response.statusCode} ${err?.error ?? ''}: ${err?.message ?? response.body}`);
      }
      return data as T;
    });
  } finally {
    await app.close();
    await running.close();
  }
}
