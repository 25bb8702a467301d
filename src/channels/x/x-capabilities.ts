import type { ChannelCapabilities } from '../kit/channel-capabilities.js';

/** X (API v2) as the adapter uses it. */
export const X_CAPABILITIES: ChannelCapabilities = {
  // twitter-text weights: CJK and emoji count 2, every URL 23 (t.co).
  limits: { maxLength: 280, lengthRule: 'weighted', threads: true, maxThreadParts: 10 },
  // X takes up to 4 images with alt text; the adapter sends text only so far.
  // With the `card` option: one image card per campaign post, alt text via media metadata.
  media: { maxImages: 1, altText: true, imageRequired: false },
  // "You are not allowed to create a Tweet with duplicate content" (403).
  refusesRepeats: true,
  rateLimitHeaders: ['x-rate-limit-limit', 'x-rate-limit-remaining', 'x-rate-limit-reset', 'x-user-limit-24hour-remaining', 'x-user-limit-24hour-reset', 'x-app-limit-24hour-remaining', 'x-app-limit-24hour-reset'],
  // POST /2/tweets takes no idempotency key: a lost answer is settled by reading our timeline.
  idempotency: 'none',
  // New posts show in timelines and mentions 0.3–2.5 s after creation (measured on a storm
  // harness); the window also covers a POST that commits after our 30 s request timeout.
  settleWindowMs: 45_000,
  indexingLagMs: 5_000,
  mentionOverlapMs: 30_000,
  inbound: 'poll',
};
