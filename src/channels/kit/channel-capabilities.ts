import type { ChannelLimits } from '../channel.js';

/**
 * What one platform can do and how it behaves, declared once in the adapter's folder
 * (`<platform>-capabilities.ts`) and read by the core through the registry, so the core never
 * names a platform. Limits here are the defaults; an adapter's options may change them, and
 * `Channel.limits` is what applies to a running channel.
 */
export interface ChannelCapabilities {
  /** Default length rule, length limit and thread rules. */
  limits: ChannelLimits;
  /** Media this adapter can attach (what the adapter sends, not only what the platform allows). */
  media: {
    /** Images per post; 0 = text only. */
    maxImages: number;
    /** Whether an image carries alt text. */
    altText: boolean;
    /** A post without an image is refused (e.g. image-first platforms). */
    imageRequired: boolean;
  };
  /**
   * The platform refuses a post whose text repeats a recent one: recurring posts must vary their
   * text, and a refusal after a may-have-succeeded attempt means "look it up", not "failed".
   */
  refusesRepeats: boolean;
  /** Rate-limit headers the adapter reads (for operators and docs); empty when the platform sends none. */
  rateLimitHeaders: readonly string[];
  /**
   * How the platform recognises a resend of the same part: `key` (it stores an idempotency key,
   * possibly only once the post is committed), `nonce` (it echoes a nonce and dedupes), `none`.
   */
  idempotency: 'key' | 'nonce' | 'none';
  /**
   * How long after a may-have-succeeded failure a post may still appear in a lookup: longer than
   * the indexing lag plus the platform's slowest commit. Nothing is resent before it has passed.
   */
  settleWindowMs: number;
  /** Longest delay expected before a new post or mention shows in timelines, search or notifications. */
  indexingLagMs: number;
  /** How far back every mention poll re-reads (deduplicated), so a mention indexed late is still read. */
  mentionOverlapMs: number;
  /** How inbound messages arrive: `poll` (kit poller), `push` (a gateway), `none`. */
  inbound: 'poll' | 'push' | 'none';
  /** The adapter takes staff commands from chat members it can identify (e.g. slash commands). */
  staffCommands?: boolean;
}

/** For kinds that declare nothing (test doubles): no lag, no settle wait, nothing refused. */
export const DEFAULT_CAPABILITIES: ChannelCapabilities = {
  limits: { maxLength: 280, lengthRule: 'chars', threads: true, maxThreadParts: 10 },
  media: { maxImages: 0, altText: false, imageRequired: false },
  refusesRepeats: false,
  rateLimitHeaders: [],
  idempotency: 'none',
  settleWindowMs: 0,
  indexingLagMs: 0,
  mentionOverlapMs: 0,
  inbound: 'none',
};

/** Capabilities with the per-channel overrides every adapter accepts (see `kitOptionsShape`). */
export function withOverrides(base: ChannelCapabilities, limits: ChannelLimits, overrides: { settleSeconds?: number | undefined; mentionOverlapSeconds?: number | undefined }): ChannelCapabilities {
  return {
    ...base,
    limits,
    ...(overrides.settleSeconds === undefined ? {} : { settleWindowMs: overrides.settleSeconds * 1000 }),
    ...(overrides.mentionOverlapSeconds === undefined ? {} : { mentionOverlapMs: overrides.mentionOverlapSeconds * 1000 }),
  };
}
