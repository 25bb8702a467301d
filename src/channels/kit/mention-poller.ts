import type { Logger } from 'pino';
import type { Clock } from '../../domain/clock.js';
import type { InboundMessage } from '../../domain/inbound-message.js';
import { isAppError, toAppError } from '../../domain/errors.js';
import type { ChannelStateStore, InboundHandler } from '../channel.js';
import { AUTH_RECHECK_MS } from './self-healing-start.js';

/** One mention as a source read it, with the platform's ordering time. */
export interface PolledMention {
  message: InboundMessage;
  /**
   * The platform's time for this mention (epoch ms): creation or indexing time, whichever the
   * platform pages by. A mention may become visible up to the indexing lag after this time.
   */
  at: number;
}

export interface PolledBatch {
  mentions: PolledMention[];
  /** The window was larger than the source reads in one poll: its oldest part was not read. */
  truncated?: boolean;
  /** Earliest time the next poll should run (from rate-limit headers), epoch ms. */
  notBefore?: number;
}

/**
 * Reads every mention whose platform time is at or after `since` (epoch ms), paging as the
 * platform requires. `delivered(id)` tells which message ids this process already handed over,
 * so a source can skip costly work (a thread lookup) for them; it must still stay correct if it
 * returns them.
 */
export type MentionSource = (since: number, delivered: (messageId: string) => boolean) => Promise<PolledBatch>;

/** The poller's cursor, in channel state. */
export interface MentionWindow {
  /** The newest platform time delivered so far (epoch ms). */
  readTo: number;
  /** Where reading began on the very first start: the overlap never reaches before it (no history). */
  floor: number;
}

export const MENTION_WINDOW_KEY = 'mention-window';

export interface MentionPollerOptions {
  /** The channel's state (where the window is saved) and clock. */
  deps: { state: ChannelStateStore; clock: Clock };
  logger: Logger;
  source: MentionSource;
  onInbound: InboundHandler;
  /** Pause between the starts of two polls. */
  intervalMs: number;
  /** How far behind the newest delivered mention every poll reads again. */
  overlapMs: number;
  /** With no saved window (first start): how far back the first poll reads. */
  firstRunBacklogMs: number;
  /** Converts a cursor saved by an older version of the adapter (state key `cursor`) to epoch ms. */
  legacyCursor?: (saved: unknown) => number | undefined;
}

/**
 * Reads mentions with an overlapping window, written once for every polling platform.
 *
 * A "newest seen" cursor loses any mention that becomes visible after a newer one was read
 * (platforms index with a lag of seconds). So every poll reads again from `readTo - overlap`
 * and drops what it already delivered; the reply pipeline also dedupes by message id, so a
 * restart (which forgets the in-memory ids) re-delivers at most the overlap, never loses it.
 *
 * Single flight: polls never overlap; a `pollNow` during a poll runs one more right after it.
 * Platform calls are bounded by the guarded call's deadline, so a slow platform delays the next
 * poll but never stops polling. A failing handler stops the batch; the next poll retries it.
 */
export class MentionPoller {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private closed = true;
  private window: MentionWindow | undefined;
  /** Delivered ids with their platform time, pruned once they fall behind the window. */
  private readonly delivered = new Map<string, number>();

  constructor(private readonly options: MentionPollerOptions) {}

  /**
   * Fixes where reading starts before the first platform call, so a channel whose start keeps
   * failing still reads the mentions that arrive meanwhile once it is up.
   */
  async init(): Promise<void> {
    if (this.window !== undefined) return;
    const saved = await this.options.deps.state.get<MentionWindow>(MENTION_WINDOW_KEY);
    if (saved !== undefined && Number.isFinite(saved.readTo)) {
      this.window = { readTo: saved.readTo, floor: Number.isFinite(saved.floor) ? saved.floor : 0 };
      return;
    }
    const legacy = this.options.legacyCursor?.(await this.options.deps.state.get<unknown>('cursor'));
    const start = legacy ?? this.options.deps.clock.now() - this.options.firstRunBacklogMs;
    this.window = { readTo: start, floor: start };
    await this.options.deps.state.set<MentionWindow>(MENTION_WINDOW_KEY, this.window);
  }

  /** Starts polling at once, then every interval. */
  start(): void {
    this.closed = false;
    this.schedule(0);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => undefined);
  }

  /** Runs a poll now (after the one in progress, if any); rejects with that poll's failure. */
  pollNow(): Promise<void> {
    const current = this.running;
    if (current !== undefined) return current.catch(() => undefined).then(() => this.running ?? this.run());
    return this.run();
  }

  private run(): Promise<void> {
    // This poll replaces the one that was scheduled; the next is scheduled when it ends.
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    const started = this.options.deps.clock.now();
    const poll = this.pollOnce().then(
      (notBefore) => this.afterPoll(started, notBefore),
      (error: unknown) => {
        this.afterPoll(started, this.waitAfter(error));
        throw error;
      },
    );
    this.running = poll.finally(() => {
      this.running = undefined;
    });
    // The scheduled path must not leave an unhandled rejection; pollNow callers still see it.
    this.running.catch(() => undefined);
    return this.running;
  }

  private afterPoll(started: number, notBefore: number | undefined): void {
    if (this.again) {
      this.again = false;
      this.schedule(0);
      return;
    }
    const now = this.options.deps.clock.now();
    this.schedule(Math.max(started + this.options.intervalMs, notBefore ?? 0) - now);
  }

  private schedule(delayMs: number): void {
    if (this.closed) return;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.running === undefined) void this.run().catch(() => undefined);
      else this.again = true;
    }, Math.max(0, delayMs));
    this.timer.unref();
  }

  /** When to poll again after a failure: a 429's reset, slowly after refused credentials. */
  private waitAfter(error: unknown): number | undefined {
    const appError = toAppError(error);
    const now = this.options.deps.clock.now();
    if (appError.code === 'AUTH_FAILED') return now + AUTH_RECHECK_MS;
    return appError.retryAt;
  }

  private async pollOnce(): Promise<number | undefined> {
    await this.init();
    const { overlapMs, logger } = this.options;
    const { readTo: start, floor } = this.window ?? { readTo: 0, floor: 0 };
    const since = Math.max(floor, start - overlapMs);
    const batch = await this.options.source(since, (id) => this.delivered.has(id));
    if (batch.truncated === true) logger.warn({ since: new Date(since).toISOString() }, 'more mentions than one poll reads: the oldest in the window were skipped');
    const fresh = batch.mentions.filter((m) => m.at >= floor && !this.delivered.has(m.message.id)).sort((a, b) => a.at - b.at || (a.message.id < b.message.id ? -1 : 1));
    let readTo = start;
    let sinceSave = 0;
    try {
      for (const mention of fresh) {
        try {
          await this.options.onInbound(mention.message);
        } catch (error) {
          logger.warn({ err: error instanceof Error ? error.message : String(error), message: mention.message.id }, 'mention handling failed; the next poll retries it');
          throw isAppError(error) ? error : toAppError(error);
        }
        this.delivered.set(mention.message.id, mention.at);
        readTo = Math.max(readTo, mention.at);
        // Saved every few messages, not each: a restart re-reads the overlap anyway.
        if (++sinceSave >= 20) {
          sinceSave = 0;
          await this.save(readTo);
        }
      }
    } finally {
      if (readTo !== start) await this.save(readTo);
    }
    this.prune(readTo - overlapMs);
    return batch.notBefore;
  }

  private async save(readTo: number): Promise<void> {
    this.window = { readTo, floor: this.window?.floor ?? 0 };
    await this.options.deps.state.set<MentionWindow>(MENTION_WINDOW_KEY, this.window);
  }

  private prune(before: number): void {
    for (const [id, at] of this.delivered) if (at < before) this.delivered.delete(id);
  }
}
