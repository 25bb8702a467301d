import type { Channel } from '../channels/channel.js';
import { channelReadiness } from '../http/routes/channel-readiness.js';
import { PENDING_WORK } from '../emergencies/emergency-service.js';
import type { FeedSource } from '../feeds/feed-config.js';
import type { FeedStatusView } from '../services.js';
import type { Store } from '../store/store.js';
import type { DeliveryTracker } from './delivery-tracker.js';
import { failedWith, passed, type ReadinessCheck } from './readiness.js';

/** Work younger than this may simply be in progress. */
export const CAMPAIGN_WORK_GRACE_MS = 60_000;

/** Posting starts only after the port, the store and the config are known good (main.ts). */
export function postingStarted(started: () => boolean): ReadinessCheck {
  return { name: 'posting', check: () => (started() ? passed() : failedWith(['starting: posting has not started yet'])) };
}

/** The store answers (Redis reachable, SQLite open). */
export function storeReachable(store: Store): ReadinessCheck {
  return {
    name: 'store',
    check: async () => ((await store.ping()) ? passed() : failedWith([`store (${store.kind}) does not answer`])),
  };
}

/**
 * Campaign work promised by an emergency change but still not queued after the grace time: an
 * emergency that shows `active` while its posts cannot be made (a channel that went away, a
 * template that fails) must not look healthy.
 */
export function campaignWorkQueued(store: Store, graceMs = CAMPAIGN_WORK_GRACE_MS): ReadinessCheck {
  return {
    name: 'campaign-work',
    check: async (now) => {
      const work = await store.listDocs<{ emergencyId: string; event: string; at: number }>(PENDING_WORK);
      const stuck = work.filter((w) => now - w.at > graceMs);
      return failedWith(stuck.map((w) => `campaign posts for emergency ${w.emergencyId} (${w.event}) not queued after ${Math.round((now - w.at) / 1000)} s`));
    },
  };
}

/** A channel whose recent posts all failed. */
export function channelsDelivering(tracker: DeliveryTracker): ReadinessCheck {
  return {
    name: 'channel-delivery',
    check: () => failedWith(tracker.failing().map((f) => `channel ${f.channel}: the last ${f.failures} posts failed${f.lastError === undefined ? '' : ` (${f.lastError.slice(0, 200)})`}`)),
  };
}

/** A feed not polled in three of its intervals: the poller is stuck, or the feed is backing off for long. */
export function feedsPolled(sources: readonly FeedSource[], status: () => FeedStatusView[], startedAt: number, intervals = 3): ReadinessCheck {
  return {
    name: 'feeds',
    check: (now) => {
      const byId = new Map(status().map((s) => [s.id, s]));
      const reasons: string[] = [];
      for (const source of sources.filter((s) => s.enabled)) {
        const limitMs = source.pollSeconds * 1000 * intervals;
        const last = byId.get(source.id)?.['lastAttemptAt'];
        const since = typeof last === 'number' ? last : startedAt;
        if (now - since > limitMs) {
          reasons.push(`feed ${source.id} ${typeof last === 'number' ? `last polled ${Math.round((now - last) / 1000)} s ago` : 'never polled'} (every ${source.pollSeconds} s expected)`);
        }
      }
      return failedWith(reasons);
    },
  };
}

/**
 * Channels still connecting, or down after a failed start (retrying in the background): they
 * cannot post yet. `degraded` and `disabled` do not hold readiness back (see `channelReadiness`).
 */
export function channelsUp(channels: () => Iterable<Channel>): ReadinessCheck {
  return {
    name: 'channels',
    check: () => {
      const { notReady } = channelReadiness(channels());
      return { ok: notReady.length === 0, reasons: notReady.map((c) => `${c.name} is ${c.state}: ${c.reason}`) };
    },
  };
}
