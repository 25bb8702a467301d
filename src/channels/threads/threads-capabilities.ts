import type { ChannelCapabilities } from '../kit/channel-capabilities.js';
import { GRAPH_BEHAVIOUR } from '../graph/graph-behaviour.js';

/** Threads (graph.threads.net, plain fetch) as the adapter uses it. */
export const THREADS_CAPABILITIES: ChannelCapabilities = {
  ...GRAPH_BEHAVIOUR,
  // 500 characters, an emoji counting its UTF-8 bytes; long posts become a chain of self-replies.
  limits: { maxLength: 500, lengthRule: 'emoji-utf8', threads: true, maxThreadParts: 10 },
  media: { maxImages: 0, altText: false, imageRequired: false },
  refusesRepeats: false,
  // No idempotency key in the API, but the container saved per part publishes only once.
  idempotency: 'key',
};
