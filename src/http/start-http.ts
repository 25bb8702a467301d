import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Services } from '../services.js';
import type { ReadinessCheck } from '../health/readiness.js';
import { buildApp, closeWithGrace, type HttpPlugin } from './build-app.js';

export interface StartHttpOptions {
  services: Services;
  logger: Logger;
  adminToken: string;
  host: string;
  port: number;
  /** What `/readyz` checks. */
  readiness?: readonly ReadinessCheck[];
  /** Console and public pages. */
  plugins: HttpPlugin[];
  /** Metrics (and anything else only operators should reach). */
  adminPlugins: HttpPlugin[];
}

export interface RunningHttp {
  /** The public app (with `/api` and `/metrics` too, unless `http.adminListener` is set). */
  app: FastifyInstance;
  url: string;
  /** The app serving `/api` and `/metrics` (the public one unless they have their own listener). */
  adminApp: FastifyInstance;
  adminUrl: string;
  close(): Promise<void>;
}

const urlOf = (address: string) => address.replace('[::1]', '127.0.0.1');

/** Builds and binds the HTTP side: one listener, or the public one plus a loopback admin listener. */
export async function startHttp(options: StartHttpOptions): Promise<RunningHttp> {
  const { http } = options.services.config;
  const common = { services: options.services, logger: options.logger, adminToken: options.adminToken, bodyLimitBytes: http.bodyLimitBytes, trustProxy: http.trustProxy, requestTimeoutMs: http.requestTimeoutSeconds * 1000, plugins: options.plugins, adminPlugins: options.adminPlugins, ...(options.readiness === undefined ? {} : { readiness: options.readiness }) };
  const graceMs = http.shutdownGraceSeconds * 1000;
  if (http.adminListener === undefined) {
    const app = await buildApp(common);
    const url = urlOf(await app.listen({ host: options.host, port: options.port }));
    return { app, url, adminApp: app, adminUrl: url, close: () => closeWithGrace(app, graceMs) };
  }
  const app = await buildApp({ ...common, part: 'public' });
  // The admin side never believes forwarded headers: it is for this machine's operators only.
  const adminApp = await buildApp({ ...common, part: 'admin', trustProxy: false });
  const url = urlOf(await app.listen({ host: options.host, port: options.port }));
  let adminUrl: string;
  try {
    adminUrl = urlOf(await adminApp.listen({ host: http.adminListener.host, port: http.adminListener.port }));
  } catch (error) {
    await closeWithGrace(app, 0);
    throw error;
  }
  return {
    app,
    url,
    adminApp,
    adminUrl,
    close: async () => {
      await Promise.all([closeWithGrace(app, graceMs), closeWithGrace(adminApp, graceMs)]);
    },
  };
}
