import type { ChannelCapabilities } from '../kit/channel-capabilities.js';

/** Discord (REST + gateway through discord.js) as the adapter uses it. */
export const DISCORD_CAPABILITIES: ChannelCapabilities = {
  limits: { maxLength: 2000, lengthRule: 'chars', threads: true, maxThreadParts: 10 },
  media: { maxImages: 0, altText: false, imageRequired: false },
  refusesRepeats: false,
  rateLimitHeaders: ['x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset-after', 'x-ratelimit-bucket', 'x-ratelimit-scope', 'retry-after'],
  // `nonce` + `enforce_nonce`: a resend within a few minutes returns the message already made.
  idempotency: 'nonce',
  // Channel reads show a message as soon as it is created; the window covers a slow create.
  settleWindowMs: 15_000,
  indexingLagMs: 1_000,
  // Inbound is pushed by the gateway; help-channel read-back after a restart uses its own cursor.
  mentionOverlapMs: 0,
  inbound: 'push',
  staffCommands: true,
};
