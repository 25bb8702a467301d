import type { ChannelCapabilities } from '../kit/channel-capabilities.js';

/** The terminal: nothing to look up, nothing lags. */
export const CONSOLE_CAPABILITIES: ChannelCapabilities = {
  limits: { maxLength: 1000, lengthRule: 'chars', threads: true, maxThreadParts: 10 },
  media: { maxImages: 0, altText: false, imageRequired: false },
  refusesRepeats: false,
  rateLimitHeaders: [],
  idempotency: 'none',
  settleWindowMs: 0,
  indexingLagMs: 0,
  mentionOverlapMs: 0,
  inbound: 'none',
};
