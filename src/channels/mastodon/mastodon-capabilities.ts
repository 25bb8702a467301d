import type { ChannelCapabilities } from '../kit/channel-capabilities.js';

/** Mastodon (REST API through masto.js) as the adapter uses it. */
export const MASTODON_CAPABILITIES: ChannelCapabilities = {
  // Code points, every URL 23; the instance's own limit is read at start (500 by default).
  limits: { maxLength: 500, lengthRule: 'url23', threads: true, maxThreadParts: 10 },
  // With the `card` option: one image card per campaign post, its description the alt text.
  media: { maxImages: 1, altText: true, imageRequired: false },
  refusesRepeats: false,
  rateLimitHeaders: ['x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset'],
  // Idempotency-Key on POST /api/v1/statuses. The instance stores the key only after the status
  // is created, so a resend during a slow commit makes a second status: settle first.
  idempotency: 'key',
  // Statuses are readable at commit, but a commit can outlast our 15 s request timeout, and
  // mention notifications are written by background workers that may lag under load.
  settleWindowMs: 60_000,
  indexingLagMs: 5_000,
  mentionOverlapMs: 30_000,
  inbound: 'poll',
};
