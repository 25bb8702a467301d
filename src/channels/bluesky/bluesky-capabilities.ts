import type { ChannelCapabilities } from '../kit/channel-capabilities.js';

/** Bluesky (AT Protocol through @atproto/api) as the adapter uses it. */
export const BLUESKY_CAPABILITIES: ChannelCapabilities = {
  limits: { maxLength: 300, lengthRule: 'graphemes', threads: true, maxThreadParts: 10 },
  // With the `card` option: one image card per campaign post (app.bsky.embed.images with alt).
  media: { maxImages: 1, altText: true, imageRequired: false },
  refusesRepeats: false,
  rateLimitHeaders: ['ratelimit-limit', 'ratelimit-remaining', 'ratelimit-reset', 'ratelimit-policy'],
  // createRecord takes no idempotency key; a lost answer is settled by reading our own feed.
  idempotency: 'none',
  // The AppView shows a new post in feeds and notifications 0.3–2.5 s after the PDS stored it
  // (notification times are the server's, set before the post is visible).
  settleWindowMs: 30_000,
  indexingLagMs: 5_000,
  mentionOverlapMs: 30_000,
  inbound: 'poll',
};
