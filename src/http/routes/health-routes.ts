import type { FastifyInstance } from 'fastify';
import type { DeliveryTracker } from '../../health/delivery-tracker.js';
import { evaluateReadiness, type ReadinessCheck } from '../../health/readiness.js';
import { campaignWorkQueued, channelsDelivering, channelsUp, feedsPolled, postingStarted, storeReachable } from '../../health/readiness-checks.js';
import type { Services } from '../../services.js';
import { channelReadiness } from './channel-readiness.js';

/** How long `/readyz` waits for any one check: it must answer well within an orchestrator's timeout. */
export const READINESS_DEADLINE_MS = 1_500;

/** What the running service tells readiness beyond its services. */
export interface ReadinessSignals {
  postingStarted: () => boolean;
  deliveries: DeliveryTracker;
  startedAt: number;
}

/**
 * Every question `/readyz` asks, in one list: a new check is one more entry. Without signals
 * (a CLI tool's in-process app) only the store is checked.
 */
export function readinessChecks(services: Services, signals?: ReadinessSignals): ReadinessCheck[] {
  if (signals === undefined) return [storeReachable(services.store), channelsUp(() => services.channels.values())];
  return [
    postingStarted(signals.postingStarted),
    storeReachable(services.store),
    channelsUp(() => services.channels.values()),
    campaignWorkQueued(services.store),
    channelsDelivering(signals.deliveries),
    feedsPolled(services.config.feeds.sources, () => services.feedStatus(), signals.startedAt),
  ];
}

/**
 * Liveness (`/healthz`: the process answers; it reads nothing, so a Redis outage never restarts
 * the container) and readiness (`/readyz`: every check, with reasons, 503 when any fails).
 */
export function registerHealthRoutes(app: FastifyInstance, services: Services, checks: readonly ReadinessCheck[] = readinessChecks(services)): void {
  app.get('/healthz', async () => ({ ok: true }));
  app.get('/readyz', async (_request, reply) => {
    const report = await evaluateReadiness(checks, services.clock.now(), READINESS_DEADLINE_MS);
    const storeOk = report.checks.find((c) => c.name === 'store')?.ok ?? false;
    const channels = [...services.channels.values()].map((c) => ({ name: c.name, kind: c.kind, ...c.health() }));
    const { notReady } = channelReadiness(services.channels.values());
    const body = {
      ready: report.ready,
      reasons: report.checks.flatMap((c) => c.reasons.map((r) => `${c.name}: ${r}`)),
      checks: report.checks,
      store: { kind: services.store.kind, reachable: storeOk },
      channels,
      // Channels still connecting or down after a failed start, with why (also a check above).
      ...(notReady.length === 0 ? {} : { notReady }),
    };
    return reply.code(report.ready ? 200 : 503).send(body);
  });
}
