import type { Emergency } from '../domain/emergency.js';
import type { Post, PostStatus } from '../domain/post.js';
import type { PauseState } from '../outbox/pause-switch.js';
import type { FeedStatusView, Services } from '../services.js';

export interface ServiceStatus {
  instanceId: string;
  /** `location`: the embedded store's file (its state directory), or the Redis URL without credentials. */
  store: { kind: string; location: string; reachable: boolean };
  paused: PauseState | null;
  channels: { name: string; kind: string; state: string; reason?: string; dryRun: boolean }[];
  outbox: { counts: Record<PostStatus, number>; nextDue: Pick<Post, 'id' | 'channel' | 'dueAt' | 'priority' | 'status'>[]; failed: number };
  emergencies: Pick<Emergency, 'id' | 'type' | 'status' | 'title' | 'effectiveAt' | 'drill'>[];
  feeds: FeedStatusView[];
}

/** What `civicast status`, the dashboard and `/api/status` show. */
export async function collectStatus(services: Services): Promise<ServiceStatus> {
  const now = services.clock.now();
  const [reachable, paused, counts, pending, emergencies] = await Promise.all([
    services.store.ping(),
    services.pause.get(now),
    services.store.countPosts(),
    services.store.listPosts({ status: 'pending', limit: 500 }),
    services.emergencies.list(),
  ]);
  return {
    instanceId: services.instanceId,
    store: { kind: services.store.kind, location: services.store.location, reachable },
    paused: paused?.paused === true ? paused : null,
    channels: [...services.channels.values()].map((c) => {
      const health = c.health();
      return {
        name: c.name,
        kind: c.kind,
        state: health.state,
        ...(health.reason === undefined ? {} : { reason: health.reason }),
        dryRun: services.config.channels[c.name]?.dryRun ?? false,
      };
    }),
    outbox: {
      counts,
      nextDue: pending.slice(0, 10).map((p) => ({ id: p.id, channel: p.channel, dueAt: p.dueAt, priority: p.priority, status: p.status })),
      failed: counts.failed,
    },
    emergencies: emergencies
      .filter((e) => e.status === 'active' || e.status === 'proposed')
      .map((e) => ({ id: e.id, type: e.type, status: e.status, title: e.title, effectiveAt: e.effectiveAt, drill: e.drill })),
    feeds: services.feedStatus(),
  };
}
