import type { ChannelCapabilities } from '../kit/channel-capabilities.js';
import { GRAPH_BEHAVIOUR } from '../graph/graph-behaviour.js';

/** Instagram (Instagram API with Facebook Login, Graph API on plain fetch) as the adapter uses it. */
export const INSTAGRAM_CAPABILITIES: ChannelCapabilities = {
  ...GRAPH_BEHAVIOUR,
  // Captions: 2,200 characters. A long campaign post is one card with a long caption; a later
  // part, if any, becomes a comment under it.
  limits: { maxLength: 2200, lengthRule: 'chars', threads: false, maxThreadParts: 1 },
  // Image first: every post is an accessible card, with the full text as caption and alt text.
  media: { maxImages: 1, altText: true, imageRequired: true },
  refusesRepeats: false,
  // No idempotency key in the API, but the container saved per part publishes only once, so a
  // resend after a lost answer finds it published instead of making a second post.
  idempotency: 'key',
};
