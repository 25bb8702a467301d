import type { LightMyRequestResponse } from 'fastify';
import { createLogger } from '../../src/logging/logger.js';
import { startService, type RunningService } from '../../src/main.js';
import { makeTestConfig, testEnv } from './test-config.js';

export interface QuietService {
  svc: RunningService;
  /** An admin API call with the service's bearer token. */
  admin(method: 'GET' | 'POST', url: string, payload?: object): Promise<LightMyRequestResponse>;
  /** A public GET. */
  get(url: string): Promise<LightMyRequestResponse>;
}

/**
 * The service on the shipped config with the console channel off and the public view rebuilt on
 * every request (tests change state straight in the store), reached in-process.
 */
export async function startQuietService(token: string): Promise<QuietService> {
  const { dir, configDir } = makeTestConfig({ 'zz-quiet.yaml': 'channels:\n  console: { kind: console, enabled: false }\nhttp:\n  statusCacheSeconds: 0\n' });
  const svc = await startService({ env: testEnv(configDir, { ADMIN_TOKEN: token }), logger: createLogger({ level: 'silent' }), runtimeDir: `${dir}/run` });
  return {
    svc,
    admin: (method, url, payload) => svc.app!.inject({ method, url, headers: { authorization: `Bearer ${token}` }, ...(payload === undefined ? {} : { payload }) }),
    get: (url) => svc.app!.inject({ method: 'GET', url }),
  };
}
