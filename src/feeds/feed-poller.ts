import type { Logger } from 'pino';
import type { Clock } from '../domain/clock.js';
import { toAppError } from '../domain/errors.js';
import type { Signal } from '../domain/signal.js';
import type { Store } from '../store/store.js';
import { classifyItem } from './classify.js';
import type { FeedSource, FeedsConfig } from './feed-config.js';
import { fetchFeed } from './fetch-feed.js';
import { parseFeed } from './parse-feed.js';

/** A feed's persisted state: conditional-GET validators, health, runaway guard. */
export interface FeedState {
  id: string;
  etag?: string;
  lastModified?: string;
  initialized: boolean;
  lastSuccessAt: number | null;
  lastAttemptAt: number | null;
  consecutiveFailures: number;
  lastError: string | null;
  nextPollAt: number;
  pausedReason: string | null;
  /** Times of recent signals, for the runaway guard. */
  recentSignals: number[];
}

export interface FeedStatus extends FeedState {
  state: 'ok' | 'failing' | 'stale' | 'paused' | 'new';
  [key: string]: unknown;
}

export interface PollReport {
  status: 'ok' | 'not-modified' | 'failed' | 'skipped';
  items: number;
  signals: number;
  error?: string;
}

export interface FeedPollerDeps {
  config: FeedsConfig;
  store: Store;
  clock: Clock;
  logger: Logger;
  instanceId: string;
  /** Base directory for `file:` sources. */
  baseDir: string;
  feedsRequireApproval: boolean;
  onSignal: (signal: Signal) => Promise<void>;
  onPoll?: (feedId: string, ok: boolean, stalenessSeconds: number) => void;
  random?: () => number;
}

const HOUR = 3_600_000;

/**
 * Polls every enabled source on its interval. One instance polls a feed at a time (a lease per
 * feed). An item is remembered only after its signal was handled, so a crash re-delivers rather
 * than loses; the emergency service is idempotent on signal ids.
 */
export class FeedPoller {
  private timer: NodeJS.Timeout | undefined;
  private readonly states = new Map<string, FeedState>();
  /** Polls in progress, by feed: a feed is never polled twice at once by the loop. */
  private readonly polling = new Map<string, Promise<unknown>>();
  private busy = false;
  private closing = false;

  constructor(private readonly deps: FeedPollerDeps) {}

  private sources(): FeedSource[] {
    return this.deps.config.sources.filter((s) => s.enabled);
  }

  /**
   * Loads each feed's state and starts the loop; returns without waiting for any feed. Feeds are
   * polled side by side, each bounded by its own request timeout (`feeds.timeoutMs`), so one
   * slow or hung feed delays no other feed and nothing else (main.ts starts feeds last, after
   * the HTTP port is bound).
   */
  async start(): Promise<void> {
    for (const source of this.sources()) this.states.set(source.id, await this.load(source.id));
    const loop = (delayMs: number) => {
      this.timer = setTimeout(() => {
        this.tick()
          .catch((error: unknown) => this.deps.logger.error({ err: error }, 'feed loop failed'))
          .finally(() => {
            if (!this.closing) loop(1000);
          });
      }, delayMs);
      this.timer.unref();
    };
    loop(0);
  }

  async close(): Promise<void> {
    this.closing = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    for (const source of this.sources()) await this.deps.store.releaseLease(`feed:${source.id}`, this.deps.instanceId).catch(() => undefined);
  }

  /** Starts a poll of every due feed that is not being polled already; does not wait for them. */
  private async tick(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      for (const source of this.sources()) {
        if (this.closing || this.polling.has(source.id)) continue;
        const state = this.states.get(source.id) ?? (await this.load(source.id));
        if (state.nextPollAt > this.deps.clock.now()) continue;
        const leaseMs = Math.max(source.pollSeconds * 3_000, 60_000);
        if (!(await this.deps.store.acquireLease(`feed:${source.id}`, this.deps.instanceId, leaseMs, this.deps.clock.now()))) {
          // Another instance polls this feed; show its view of the state.
          this.states.set(source.id, { ...(await this.load(source.id)), nextPollAt: this.deps.clock.now() + source.pollSeconds * 1000 });
          continue;
        }
        const poll = this.pollOnce(source.id)
          .catch((error: unknown) => this.deps.logger.error({ err: error, feed: source.id }, 'feed poll failed'))
          .finally(() => this.polling.delete(source.id));
        this.polling.set(source.id, poll);
      }
    } finally {
      this.busy = false;
    }
  }

  private async load(id: string): Promise<FeedState> {
    const stored = await this.deps.store.getDoc<FeedState>('feed-state', id);
    return stored ?? { id, initialized: false, lastSuccessAt: null, lastAttemptAt: null, consecutiveFailures: 0, lastError: null, nextPollAt: 0, pausedReason: null, recentSignals: [] };
  }

  private async save(state: FeedState): Promise<void> {
    this.states.set(state.id, state);
    await this.deps.store.putDoc('feed-state', state.id, state);
  }

  /** Polls one source now (tests, the bench, and the loop). */
  async pollOnce(id: string): Promise<PollReport> {
    const source = this.deps.config.sources.find((s) => s.id === id);
    if (source === undefined) throw new Error(`no feed ${id}`);
    const { clock, config, logger } = this.deps;
    const log = logger.child({ feed: id });
    const now = clock.now();
    const state = await this.load(id);
    if (state.pausedReason !== null) {
      await this.save({ ...state, nextPollAt: now + source.pollSeconds * 1000 });
      return { status: 'skipped', items: 0, signals: 0, error: state.pausedReason };
    }
    state.lastAttemptAt = now;
    try {
      const result = await fetchFeed(source.url, {
        userAgent: config.userAgent,
        timeoutMs: config.timeoutMs,
        maxBytes: config.maxBytes,
        baseDir: this.deps.baseDir,
        ...(state.etag === undefined ? {} : { etag: state.etag }),
        ...(state.lastModified === undefined ? {} : { lastModified: state.lastModified }),
      });
      if (result.status === 'not-modified') {
        await this.succeed(state, source, now);
        return { status: 'not-modified', items: 0, signals: 0 };
      }
      const items = await parseFeed(result.body, source.format);
      const signals = await this.handleItems(source, state, items, log);
      if (result.etag !== undefined) state.etag = result.etag;
      if (result.lastModified !== undefined) state.lastModified = result.lastModified;
      state.initialized = true;
      await this.succeed(state, source, now);
      return { status: 'ok', items: items.length, signals };
    } catch (thrown) {
      const error = toAppError(thrown);
      state.consecutiveFailures++;
      state.lastError = `${error.code}: ${error.message}`;
      const backoff = Math.min(config.maxBackoffSeconds * 1000, source.pollSeconds * 1000 * 2 ** Math.min(state.consecutiveFailures, 10));
      state.nextPollAt = now + Math.round(backoff / 2 + (this.deps.random ?? Math.random)() * (backoff / 2));
      await this.save(state);
      log.warn({ code: error.code, failures: state.consecutiveFailures, retryInS: Math.round((state.nextPollAt - now) / 1000) }, `feed ${id} failed: ${error.message}; skipped`);
      this.deps.onPoll?.(id, false, this.staleness(state, now));
      return { status: 'failed', items: 0, signals: 0, error: state.lastError };
    }
  }

  private async succeed(state: FeedState, source: FeedSource, now: number): Promise<void> {
    state.lastSuccessAt = now;
    state.consecutiveFailures = 0;
    state.lastError = null;
    state.nextPollAt = now + source.pollSeconds * 1000;
    await this.save(state);
    this.deps.onPoll?.(source.id, true, 0);
  }

  private async handleItems(source: FeedSource, state: FeedState, items: Awaited<ReturnType<typeof parseFeed>>, log: Logger): Promise<number> {
    const { store, clock } = this.deps;
    const firstPoll = !state.initialized;
    const rules = source.rules ?? this.deps.config.rules;
    let signals = 0;
    for (const item of items) {
      const key = `${source.id}:${item.id}`;
      if ((await store.getDoc('feed-seen', key)) !== undefined) continue;
      const now = clock.now();
      const tooOld = source.maxItemAgeMinutes > 0 && Number.isFinite(item.publishedAt) && now - item.publishedAt > source.maxItemAgeMinutes * 60_000;
      if (!(firstPoll && source.ignoreExistingOnFirstPoll) && !tooOld) {
        let result: ReturnType<typeof classifyItem>;
        try {
          result = classifyItem(item, source, rules, { requiresApproval: this.deps.feedsRequireApproval, now });
        } catch (error) {
          // One malformed item must not hide the good alerts after it: log it, skip it, go on.
          log.warn({ feed: source.id, item: item.id.slice(0, 200), err: error instanceof Error ? error.message : String(error) }, 'feed item skipped: cannot classify');
          await store.putDoc('feed-seen', key, { at: now });
          continue;
        }
        if ('signal' in result) {
          state.recentSignals = state.recentSignals.filter((t) => now - t < HOUR);
          if (state.recentSignals.length >= source.maxSignalsPerHour) {
            state.pausedReason = `runaway guard: more than ${source.maxSignalsPerHour} signals in an hour; paused until a person resumes it`;
            log.error({ feed: source.id }, `ALARM feed ${source.id} paused: ${state.pausedReason}`);
            return signals;
          }
          state.recentSignals.push(now);
          await this.deps.onSignal(result.signal);
          signals++;
          log.info({ signal: result.signal.id, action: result.signal.action, type: result.signal.type, drill: result.signal.drill }, 'feed signal');
        }
      }
      await store.putDoc('feed-seen', key, { at: now });
    }
    return signals;
  }

  /** Clears a runaway pause. */
  async resume(id: string): Promise<void> {
    const state = await this.load(id);
    await this.save({ ...state, pausedReason: null, recentSignals: [], nextPollAt: 0 });
  }

  private staleness(state: FeedState, now: number): number {
    return state.lastSuccessAt === null ? 0 : Math.round((now - state.lastSuccessAt) / 1000);
  }

  status(): FeedStatus[] {
    const now = this.deps.clock.now();
    return this.sources().map((source) => {
      const state = this.states.get(source.id) ?? { id: source.id, initialized: false, lastSuccessAt: null, lastAttemptAt: null, consecutiveFailures: 0, lastError: null, nextPollAt: 0, pausedReason: null, recentSignals: [] };
      const staleAfter = source.pollSeconds * 1000 * this.deps.config.staleAfterPolls;
      const stateName: FeedStatus['state'] =
        state.pausedReason !== null ? 'paused' : state.lastSuccessAt === null ? (state.consecutiveFailures > 0 ? 'failing' : 'new') : now - state.lastSuccessAt > staleAfter ? 'stale' : state.consecutiveFailures > 0 ? 'failing' : 'ok';
      return { ...state, state: stateName };
    });
  }
}
