import type { ChannelCapabilities } from '../kit/channel-capabilities.js';

/** A JSONL file: every record carries its key, so a lookup is exact and immediate. */
export const FILE_CAPABILITIES: ChannelCapabilities = {
  limits: { maxLength: 5000, lengthRule: 'chars', threads: true, maxThreadParts: 20 },
  media: { maxImages: 0, altText: false, imageRequired: false },
  refusesRepeats: false,
  rateLimitHeaders: [],
  idempotency: 'key',
  settleWindowMs: 0,
  indexingLagMs: 0,
  mentionOverlapMs: 0,
  inbound: 'none',
};
