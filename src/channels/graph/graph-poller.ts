import type { Logger } from 'pino';
import type { InboundMessage } from '../../domain/inbound-message.js';
import type { ChannelStateStore, InboundHandler } from '../channel.js';

/** One message a source read, with the platform's time for it (epoch ms). */
export interface PolledMessage {
  message: InboundMessage;
  at: number;
}

/**
 * Reads every message whose platform time is at or after `since`. Shaped like the channel kit's
 * `MentionSource`, so the adapters move onto the kit's poller unchanged.
 */
export type MessageSource = (since: number) => Promise<PolledMessage[]>;

const WINDOW_KEY = 'inbound-window';

export interface GraphPollerOptions {
  state: ChannelStateStore;
  now: () => number;
  logger: Logger;
  source: MessageSource;
  onInbound: InboundHandler;
  /** How far behind the newest delivered message each poll reads again (indexing lag). */
  overlapMs: number;
  /** With no saved window (first start): how far back to read. */
  firstRunBacklogMs: number;
}

/**
 * Polls with an overlapping window: Meta shows new comments and replies after a lag, so a
 * "newest seen" cursor would skip one indexed late. Every poll re-reads `overlapMs` behind the
 * newest delivered message and drops ids it already delivered (the reply pipeline dedupes across
 * restarts too). Single flight: a poll asked for during a poll joins it.
 */
export class GraphPoller {
  private running: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private closed = true;
  private readonly delivered = new Map<string, number>();

  constructor(private readonly options: GraphPollerOptions) {}

  poll(): Promise<void> {
    this.running ??= this.pollOnce().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /**
   * Polls now and then every `intervalMs`, never before `notBefore()` (Meta's usage headers: a
   * budget near its end waits for `estimated_time_to_regain_access`). Failures are logged; the next
   * poll tries again.
   */
  start(intervalMs: number, notBefore: () => number | undefined): void {
    this.closed = false;
    const tick = () => {
      if (this.closed) return;
      const wait = Math.max(0, (notBefore() ?? 0) - this.options.now());
      if (wait > 0) return this.schedule(tick, Math.min(wait, 15 * 60_000));
      this.poll()
        .catch((error: unknown) => this.options.logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'inbound poll failed; will try again'))
        .finally(() => this.schedule(tick, intervalMs));
    };
    tick();
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    await this.running?.catch(() => undefined);
  }

  private schedule(tick: () => void, delayMs: number): void {
    if (this.closed) return;
    this.timer = setTimeout(tick, delayMs);
    this.timer.unref();
  }

  private async pollOnce(): Promise<void> {
    const { state, overlapMs } = this.options;
    const saved = await state.get<{ readTo: number }>(WINDOW_KEY);
    const start = saved?.readTo ?? this.options.now() - this.options.firstRunBacklogMs;
    const batch = await this.options.source(start - overlapMs);
    const fresh = batch.filter((m) => !this.delivered.has(m.message.id) && (saved !== undefined || m.at >= start)).sort((a, b) => a.at - b.at || (a.message.id < b.message.id ? -1 : 1));
    let readTo = start;
    try {
      for (const item of fresh) {
        await this.options.onInbound(item.message);
        this.delivered.set(item.message.id, item.at);
        readTo = Math.max(readTo, item.at);
      }
    } finally {
      if (readTo !== start || saved === undefined) await state.set(WINDOW_KEY, { readTo });
    }
    for (const [id, at] of this.delivered) if (at < readTo - overlapMs) this.delivered.delete(id);
  }
}
