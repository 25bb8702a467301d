import type { ChannelCapabilities } from '../kit/channel-capabilities.js';
import { GRAPH_BEHAVIOUR } from '../graph/graph-behaviour.js';

/** A Facebook Page (Graph API on plain fetch) as the adapter uses it. */
export const FACEBOOK_CAPABILITIES: ChannelCapabilities = {
  ...GRAPH_BEHAVIOUR,
  // Page posts may be 63,206 characters; 5,000 keeps a post readable and under the comment cap
  // (8,000). Long text is one post, not a chain (a later part, if any, becomes a comment).
  limits: { maxLength: 5000, lengthRule: 'chars', threads: false, maxThreadParts: 1 },
  media: { maxImages: 0, altText: false, imageRequired: false },
  // Code 506: a post identical to the page's latest one is refused.
  refusesRepeats: true,
  // The page's own usage header comes on top of the app-wide ones.
  rateLimitHeaders: [...GRAPH_BEHAVIOUR.rateLimitHeaders, 'x-page-usage'],
  // The Graph API has no idempotency key: a lost answer is settled by reading the page's own
  // posts (or the comments under the target) before any resend.
  idempotency: 'none',
};
