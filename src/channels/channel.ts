import type { InboundMessage } from '../domain/inbound-message.js';
import type { PartRef, ReplyTarget } from '../domain/post.js';
import type { ChannelCapabilities } from './kit/channel-capabilities.js';

/**
 * How a channel counts length (named after the rule, not the platform that uses it):
 * - `chars`: UTF-16 code units;
 * - `weighted`: twitter-text weighted length (CJK and emoji weigh 2, URLs 23);
 * - `url23`: code points with every URL counted as 23;
 * - `graphemes`: user-perceived characters;
 * - `emoji-utf8`: code points, except that an emoji counts its UTF-8 bytes.
 */
export type LengthRule = 'chars' | 'weighted' | 'url23' | 'graphemes' | 'emoji-utf8';

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
  /**
   * BCP 47 language of the text (the post's locale), when known: image cards break lines and set
   * direction by it. Absent, adapters go by the text's script.
   */
  locale?: string;
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

/**
 * - `starting`: the first connection attempt is under way;
 * - `ok`: connected, and the last platform call worked;
 * - `degraded`: connected, but the last call failed in a passing way (429, 5xx, network);
 * - `down`: could not connect (start failed); retrying in the background with backoff;
 * - `disabled`: credentials missing or refused: a person must act (checked again slowly).
 */
export type ChannelState = 'starting' | 'ok' | 'degraded' | 'down' | 'disabled';

export interface ChannelHealth {
  state: ChannelState;
  reason?: string;
  /** Epoch ms of the last change. */
  since: number;
  /** `down`/`disabled`: when the next connection attempt is due (epoch ms). */
  retryAt?: number;
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
  /** Platform kind, a key of the registry (`CHANNEL_KINDS`). */
  readonly kind: string;
  readonly limits: ChannelLimits;
  /**
   * What the platform can do and how it behaves (settle window, indexing lag, repeats refused...).
   * Adapters declare it in their folder; absent, the core reads the registry's entry for `kind`.
   */
  readonly capabilities?: ChannelCapabilities | undefined;
  /**
   * Connects, logs in, and starts delivering inbound messages to `onInbound` if the channel reads
   * any. A passing failure (429, 5xx, lost connection) does not reject: the channel shows `down`
   * and keeps retrying in the background. Rejects only when credentials are missing or refused
   * (the channel is then `disabled`).
   */
  start(onInbound: InboundHandler): Promise<void>;
  close(): Promise<void>;
  /**
   * Publishes one part. Throws AppError: `retryable` for 429/5xx/timeouts; `mayHaveSucceeded` for
   * every failure that may have reached the platform (timeouts, lost connections, any 5xx);
   * DUPLICATE_REFUSED when the platform refuses the text as a repeat; AUTH_FAILED disables the channel.
   */
  publish(request: PublishRequest): Promise<PartRef>;
  /**
   * Answers "did a post with this key (and text) go out?" for reconciliation. Throws a retryable
   * AppError when the platform failed in a passing way (ask again later); `found: 'unknown'` only
   * when it cannot answer at all.
   */
  lookup(request: LookupRequest): Promise<LookupResult>;
  health(): ChannelHealth;
  /**
   * What the adapter serves on the service's public side, for platforms that fetch from us
   * (media they download) or push to us (webhooks). Served under `/media/<name>/` and
   * `/hooks/<name>` by the channel web routes; absent = nothing.
   */
  readonly web?: ChannelWeb | undefined;
}

/** A platform's request to one of the channel's public endpoints. */
export interface WebRequest {
  method: 'GET' | 'POST';
  /** Query parameters (first value of each). */
  query: Readonly<Record<string, string>>;
  /** Header names in lower case. */
  headers: Readonly<Record<string, string | undefined>>;
  /** The body exactly as received (signatures are computed over these bytes). */
  rawBody: Buffer;
}

export interface WebResponse {
  status: number;
  contentType?: string;
  body?: string | Buffer;
}

/** Public endpoints of one channel (see `Channel.web`). */
export interface ChannelWeb {
  /** A media file the platform downloads (e.g. an image card); undefined = not found. */
  media?(file: string): Promise<{ contentType: string; body: Buffer } | undefined>;
  /** A webhook delivery (GET verification handshakes and POST events). */
  webhook?(request: WebRequest): Promise<WebResponse>;
}

/** Per-channel persistent state (cursors, refreshed tokens), backed by the store. */
export interface ChannelStateStore {
  get<T>(key: string): Promise<T | undefined>;
  set<T>(key: string, value: T): Promise<void>;
  /** Removes a key (bounded storage for short-lived entries such as hosted media); absent = `set(key, null)`. */
  delete?(key: string): Promise<void>;
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
