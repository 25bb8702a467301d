import type { ChannelCapabilities } from '../kit/channel-capabilities.js';

/** Instagram (Instagram API with Facebook Login, Graph API on plain fetch) as the adapter uses it. */
export const INSTAGRAM_CAPABILITIES: ChannelCapabilities = {
  // Captions: 2,200 characters. A long campaign post is one card with a long caption; a later
  // part, if any, becomes a comment under it.
  limits: { maxLength: 2200, lengthRule: 'chars', threads: false, maxThreadParts: 1 },
  // Image first: every post is an accessible card, with the full text as caption and alt text.
  media: { maxImages: 1, altText: true, imageRequired: true },
  refusesRepeats: false,
  rateLimitHeaders: ['x-app-usage', 'x-business-use-case-usage'],
  // No idempotency key in the API, but the container saved per part publishes only once, so a
  // resend after a lost answer finds it published instead of making a second post.
  idempotency: 'key',
  // Media and comments show in lists some seconds after they are made; publishing can be slow.
  settleWindowMs: 60_000,
  indexingLagMs: 10_000,
  mentionOverlapMs: 120_000,
  inbound: 'poll',
};
