import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { ReadinessReport } from '../health/readiness.js';
import type { DispatcherObserver } from '../outbox/dispatcher.js';
import type { ReplyDecision } from '../replies/decider.js';
import type { ReplyOutcome } from '../replies/reply-pipeline.js';
import type { Services } from '../services.js';

/**
 * Prometheus metrics (prom-client). Events (dispatch results, reply decisions) are counted as they
 * happen in this process; state (queue depth, feed staleness, channel health, pause) is read from
 * the shared store and services at scrape time, so every instance reports the same truth.
 */
export class Metrics {
  readonly registry = new Registry();
  private readonly dispatched = new Counter({ name: 'civicast_posts_dispatched_total', help: 'Dispatch outcomes by channel and result', labelNames: ['channel', 'result', 'priority'], registers: [this.registry] });
  private readonly sendLatency = new Histogram({ name: 'civicast_dispatch_send_seconds', help: 'Time spent publishing one post on its channel', labelNames: ['channel'], buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30], registers: [this.registry] });
  private readonly dueDelay = new Histogram({ name: 'civicast_dispatch_delay_seconds', help: 'Time from a post being due to it being sent', labelNames: ['priority'], buckets: [0.1, 0.5, 1, 2, 5, 15, 60, 300, 900, 3600], registers: [this.registry] });
  private readonly replies = new Counter({ name: 'civicast_replies_total', help: 'Reply pipeline outcomes', labelNames: ['channel', 'outcome'], registers: [this.registry] });
  private readonly matcher = new Counter({ name: 'civicast_matcher_outcomes_total', help: 'FAQ decisions by kind, topic and locale', labelNames: ['kind', 'topic', 'locale'], registers: [this.registry] });
  private readonly settled = new Counter({ name: 'civicast_unknown_outcomes_settled_total', help: 'Posts whose outcome was unknown (may have reached the platform), by how they were settled: found live, not found over the settle window and sent again, or parked for a person', labelNames: ['channel', 'outcome'], registers: [this.registry] });
  private readonly replyLatency = new Histogram({ name: 'civicast_reply_decision_seconds', help: 'Time from receiving a message to its reply being queued (or handed off)', buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5], registers: [this.registry] });

  constructor(services: () => Services | undefined, options: { defaultMetrics?: boolean; readiness?: () => Promise<ReadinessReport | undefined> } = {}) {
    if (options.defaultMetrics !== false) collectDefaultMetrics({ register: this.registry, prefix: 'civicast_' });
    const scrapeOk = new Gauge({ name: 'civicast_scrape_ok', help: '1 when the last scrape could read all state', registers: [this.registry] });
    const queue = new Gauge({ name: 'civicast_outbox_posts', help: 'Posts in the outbox by status', labelNames: ['status'], registers: [this.registry] });
    const feedAge = new Gauge({ name: 'civicast_feed_seconds_since_success', help: 'Seconds since each feed was last read successfully (-1: never)', labelNames: ['feed'], registers: [this.registry] });
    const feedState = new Gauge({ name: 'civicast_feed_state', help: '1 for the state each feed is in', labelNames: ['feed', 'state'], registers: [this.registry] });
    const channelState = new Gauge({ name: 'civicast_channel_state', help: '1 for the state each channel is in', labelNames: ['channel', 'state'], registers: [this.registry] });
    const paused = new Gauge({ name: 'civicast_paused', help: '1 while all outgoing posts are paused', registers: [this.registry] });
    const storeUp = new Gauge({ name: 'civicast_store_up', help: '1 while the store is reachable', registers: [this.registry] });
    const emergencies = new Gauge({ name: 'civicast_emergencies', help: 'Open emergencies by type and status', labelNames: ['type', 'status'], registers: [this.registry] });
    const openDanger = new Gauge({ name: 'civicast_inbox_open_danger', help: 'Open staff inbox items where someone may be in danger, by tier (urgent, possible)', labelNames: ['tier'], registers: [this.registry] });
    const ready = new Gauge({ name: 'civicast_ready', help: '1 when every readiness check passes (as /readyz)', registers: [this.registry] });
    const checkOk = new Gauge({ name: 'civicast_readiness_check_ok', help: '1 when this readiness check passes', labelNames: ['check'], registers: [this.registry] });
    const checkReasons = new Gauge({ name: 'civicast_readiness_problems', help: 'How many problems a readiness check reports (stuck campaign work, failing channels, unpolled feeds)', labelNames: ['check'], registers: [this.registry] });
    const feedPollAge = new Gauge({ name: 'civicast_feed_seconds_since_poll', help: 'Seconds since each feed was last polled, successfully or not (-1: never)', labelNames: ['feed'], registers: [this.registry] });
    const translations = new Gauge({ name: 'civicast_translations', help: 'Public texts per language by review status (draft, stale, changed, unrecorded: not reviewed by a person)', labelNames: ['language', 'status'], registers: [this.registry] });
    // prom-client gathers metrics concurrently, so state is read once, before the registry renders.
    this.refresh = async () => {
      const s = services();
      if (s === undefined) return void scrapeOk.set(0);
      const now = s.clock.now();
      for (const channel of s.channels.values()) {
        const health = channel.health();
        for (const state of ['starting', 'ok', 'degraded', 'down', 'disabled']) channelState.set({ channel: channel.name, state }, health.state === state ? 1 : 0);
      }
      const report = options.readiness?.();
      for (const feed of s.feedStatus()) {
        feedAge.set({ feed: feed.id }, typeof feed.lastSuccessAt === 'number' ? (now - feed.lastSuccessAt) / 1000 : -1);
        feedPollAge.set({ feed: feed.id }, typeof feed['lastAttemptAt'] === 'number' ? (now - feed['lastAttemptAt']) / 1000 : -1);
        for (const state of ['new', 'ok', 'stale', 'failing', 'paused']) feedState.set({ feed: feed.id, state }, feed.state === state ? 1 : 0);
      }
      for (const [language, counts] of Object.entries(s.translations.summary())) {
        for (const [status, count] of Object.entries(counts)) translations.set({ language, status }, count);
      }
      const reachable = await s.store.ping().catch(() => false);
      storeUp.set(reachable ? 1 : 0);
      const readiness = await report?.catch(() => undefined);
      if (readiness !== undefined) {
        ready.set(readiness.ready ? 1 : 0);
        for (const check of readiness.checks) {
          checkOk.set({ check: check.name }, check.ok ? 1 : 0);
          checkReasons.set({ check: check.name }, check.reasons.length);
        }
      }
      // Without the store, its reads would only fail one by one: say so once.
      if (!reachable) return void scrapeOk.set(0);
      try {
        for (const [status, count] of Object.entries(await s.store.countPosts())) queue.set({ status }, count);
        paused.set((await s.pause.isPaused(now)) ? 1 : 0);
        emergencies.reset();
        for (const e of await s.emergencies.list()) if (e.status === 'active' || e.status === 'proposed') emergencies.inc({ type: e.type, status: e.status });
        for (const [tier, count] of Object.entries(await s.inbox.openDanger())) openDanger.set({ tier }, count);
        scrapeOk.set(1);
      } catch {
        scrapeOk.set(0);
      }
    };
  }

  /** Reads the shared state into the gauges; call before rendering. */
  readonly refresh: () => Promise<void>;

  async render(): Promise<string> {
    await this.refresh();
    return this.registry.metrics();
  }

  readonly dispatcherObserver: DispatcherObserver = {
    onResult: (post, result, detail) => {
      this.dispatched.inc({ channel: post.channel, result, priority: post.priority });
      if (result === 'sent' || result === 'reconciled') {
        this.sendLatency.observe({ channel: post.channel }, detail.latencyMs / 1000);
        this.dueDelay.observe({ priority: post.priority }, Math.max(0, Date.now() - post.dueAt) / 1000);
      }
    },
    onSettled: (post, outcome) => {
      this.settled.inc({ channel: post.channel, outcome });
    },
  };

  observeReply(channel: string, outcome: ReplyOutcome, decision: ReplyDecision | undefined, latencyMs: number): void {
    this.replies.inc({ channel, outcome });
    if (decision !== undefined) {
      this.matcher.inc({ kind: decision.danger === 'possible' ? 'possible' : decision.kind, topic: decision.topic ?? 'none', locale: decision.locale });
      this.replyLatency.observe(latencyMs / 1000);
    }
  }
}
