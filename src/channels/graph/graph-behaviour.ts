import type { ChannelCapabilities } from '../kit/channel-capabilities.js';

/**
 * How every Meta Graph platform (Facebook, Instagram, Threads) behaves in time and load: new posts and
 * comments show in lists some seconds after they are made, publishing can outlast our 15 s request
 * timeout, and mentions are polled with an overlap so a late-indexed one is still read. The
 * usage headers are the app-wide and business ones every Graph answer carries.
 */
export const GRAPH_BEHAVIOUR = {
  rateLimitHeaders: ['x-app-usage', 'x-business-use-case-usage'],
  settleWindowMs: 60_000,
  indexingLagMs: 10_000,
  mentionOverlapMs: 120_000,
  inbound: 'poll',
} as const satisfies Partial<ChannelCapabilities>;
