import type { InboundMessage } from '../domain/inbound-message.js';
import type { PartRef, ReplyTarget } from '../domain/post.js';

/**
 * How a channel counts length:
 * - `chars`: UTF-16 code units capped (Discord counts characters);
 * - `twitter`: twitter-text weighted length (CJK and emoji weigh 2, URLs 23);
 * - `mastodon`: code points with every URL counted as 23;
 * - `graphemes`: user-perceived characters (Bluesky);
 * - `emoji-utf8`: characters, but an emoji counts its UTF-8 bytes (Threads).
 */
export type LengthRule = 'chars' | 'twitter' | 'mastodon' | 'graphemes' | 'emoji-utf8';

export interface ChannelLimits {
  maxLength: number;
  lengthRule: LengthRule;
  /** Whether a long post can be published as a reply chain. */
  threads: boolean;
  /** Hard cap on parts for one thread; longer text is refused rather than spammed. */
  maxThreadParts: number;
}

export interface PublishRequest {
  /** Idempotency key of this part; adapters that can attach it (Discord nonce) do so. */
  key: string;
  text: string;
  /** Answer to a citizen's message. */
  replyTo?: ReplyTarget;
  /** Previous part of the same thread, or the campaign's first post. */
  inReplyTo?: PartRef;
}

export type LookupResult =
  | { found: true; ref: PartRef }
  | { found: false }
  /** The platform cannot say (e.g. search unavailable): never resend on this. */
  | { found: 'unknown'; reason: string };

export interface LookupRequest {
  key: string;
  text: string;
  /** The attempt started at this time (epoch ms); look no further back. */
  since: number;
  inReplyTo?: PartRef;
  replyTo?: ReplyTarget;
}

export type ChannelState = 'ok' | 'degraded' | 'disabled';

export interface ChannelHealth {
  state: ChannelState;
  reason?: string;
  /** Epoch ms of the last change. */
  since: number;
}

export type InboundHandler = (message: InboundMessage) => Promise<void>;

/**
 * The port every platform adapter implements. The core knows nothing else about a platform:
 * limits tell the fitter how to cut text, `lookup` lets the dispatcher reconcile an attempt whose
 * outcome was lost in a crash, and inbound messages are pushed to the reply pipeline.
 */
export interface Channel {
  /** Configured name, e.g. `x-311` or `console`. */
  readonly name: string;
  /** Platform kind: `x`, `discord`, `mastodon`, `bluesky`, `console`, `file`. */
  readonly kind: string;
  readonly limits: ChannelLimits;
  /** Connects, logs in, and starts delivering inbound messages to `onInbound` if the channel reads any. */
  start(onInbound: InboundHandler): Promise<void>;
  close(): Promise<void>;
  /**
   * Publishes one part. Throws AppError: `retryable` for 429/5xx/timeouts; `mayHaveSucceeded` when
   * the request may have reached the platform; AUTH_FAILED disables the channel.
   */
  publish(request: PublishRequest): Promise<PartRef>;
  /** Answers "did a post with this key (and text) go out?" for reconciliation after a crash. */
  lookup(request: LookupRequest): Promise<LookupResult>;
  health(): ChannelHealth;
}

/** Per-channel persistent state (cursors, refreshed tokens), backed by the store. */
export interface ChannelStateStore {
  get<T>(key: string): Promise<T | undefined>;
  set<T>(key: string, value: T): Promise<void>;
}

/** What every adapter factory receives from the composition root. */
export interface ChannelDeps {
  logger: import('pino').Logger;
  /** Cursors, refreshed tokens: survives restarts, shared between instances. */
  state: ChannelStateStore;
  /** Reads a secret from the environment by variable name; the only way adapters get credentials. */
  secret: (name: string) => string | undefined;
  clock: import('../domain/clock.js').Clock;
  /** Staff operations, for adapters that offer commands (Discord slash commands). */
  commands?: import('./staff-commands.js').StaffCommands;
}
