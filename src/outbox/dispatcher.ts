import type { Logger } from 'pino';
import type { Channel } from '../channels/channel.js';
import type { ChannelConfig, CivicastConfig } from '../config/schema.js';
import type { Clock } from '../domain/clock.js';
import { AppError, toAppError } from '../domain/errors.js';
import type { PartRef, Post } from '../domain/post.js';
import type { Store } from '../store/store.js';
import { capabilitiesOf } from '../channels/registry.js';
import { backoffDelay } from './backoff.js';
import type { PauseSwitch } from './pause-switch.js';
import { takeSendSlot } from './send-policy.js';
import { UnknownOutcomes } from './settle-unknown.js';

export type DeliveryResult = 'sent' | 'retry' | 'failed' | 'dropped' | 'deferred' | 'reconciled' | 'lost-claim' | 'settling';

/** How an unknown outcome was settled: found live, or looked up over the whole window and sent again. */
export type SettleOutcome = 'found' | 'not-found-resent' | 'parked';

/** Hooks for metrics; the dispatcher works without them. */
export interface DispatcherObserver {
  onResult?(post: Post, result: DeliveryResult, detail: { latencyMs: number; error?: string }): void;
  onQueueDepth?(depth: number): void;
  onSettled?(post: Post, outcome: SettleOutcome, detail: { lookups: number }): void;
}

export interface DispatcherDeps {
  store: Store;
  channels: ReadonlyMap<string, Channel>;
  channelConfigs: Readonly<Record<string, ChannelConfig>>;
  outbox: CivicastConfig['outbox'];
  pause: PauseSwitch;
  clock: Clock;
  logger: Logger;
  instanceId: string;
  observer?: DispatcherObserver;
  random?: () => number;
}

/** How long a channel that answered 429 or lost auth is left alone. */
const DISABLED_CHANNEL_RETRY_MS = 5 * 60_000;
const THREAD_PARENT_WAIT_MS = 5_000;
/** A channel still connecting (or reconnecting after a failed start) is asked again this soon. */
const NOT_UP_RETRY_MS = 5_000;

/**
 * Moves due posts from the outbox to their channels, exactly once per channel.
 *
 * The rule that keeps it exactly once: before a part is sent, the post is marked `attempting`
 * with that part's index implied by `sentParts.length`. If the process dies before the result is
 * recorded, the claim expires and whichever dispatcher recovers the post asks the channel
 * (`lookup`) whether that part went out before sending anything. The same holds after any
 * failure that may have reached the platform: the part is looked up repeatedly over the
 * channel's settle window (`settle-unknown.ts`) and resent only if it never shows. A lookup that
 * cannot say parks the post as failed for a person to check: a missing post is recoverable, a
 * doubled one is not.
 */
export class Dispatcher {
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private stopping = false;
  private ticking = false;
  private wakeRequested = false;
  private inFlight: Promise<void> | undefined;
  private readonly blockedUntil = new Map<string, number>();
  private readonly unknown: UnknownOutcomes;

  constructor(private readonly deps: DispatcherDeps) {
    this.unknown = new UnknownOutcomes(deps.store, deps.clock, deps.logger);
  }

  start(): void {
    this.running = true;
    this.schedule(0);
  }

  /** Stops claiming; waits for sends in flight up to `deadlineMs`. */
  async close(deadlineMs = 10_000): Promise<void> {
    this.stopping = true;
    this.running = false;
    if (this.timer !== undefined) clearTimeout(this.timer);
    if (this.inFlight !== undefined) {
      await Promise.race([this.inFlight, new Promise((resolve) => setTimeout(resolve, deadlineMs).unref())]);
    }
  }

  /**
   * Claims at once instead of at the next poll: called when a post that is already due is queued
   * in this process, so an emergency post does not wait out the poll interval.
   */
  wake(): void {
    if (!this.running) return;
    if (this.ticking) {
      this.wakeRequested = true;
      return;
    }
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.schedule(0);
  }

  private schedule(delayMs: number): void {
    if (!this.running) return;
    this.timer = setTimeout(() => {
      this.ticking = true;
      this.wakeRequested = false;
      this.inFlight = this.tick()
        .finally(() => {
          this.ticking = false;
        })
        .then((claimed) => this.schedule(claimed >= this.deps.outbox.claimBatch || this.wakeRequested ? 0 : this.deps.outbox.pollIntervalMs))
        .catch((error: unknown) => {
          this.deps.logger.error({ err: error }, 'dispatch tick failed; retrying');
          this.schedule(Math.max(1000, this.deps.outbox.pollIntervalMs));
        });
    }, delayMs);
  }

  /** One round: claim due posts and deliver them. Returns how many were claimed. */
  async tick(): Promise<number> {
    const { store, clock, outbox } = this.deps;
    const now = clock.now();
    if (await this.deps.pause.isPaused(now)) return 0;
    const claim = await store.claimPosts({ now, limit: outbox.claimBatch, owner: this.deps.instanceId, leaseMs: outbox.leaseMs });
    const all = [...claim.recovered.map((p) => ({ post: p, recovered: true })), ...claim.fresh.map((p) => ({ post: p, recovered: false }))];
    if (all.length === 0) return 0;
    // Within a channel, posts go out one by one (thread order, rate limits); channels run in parallel.
    const byChannel = new Map<string, { post: Post; recovered: boolean }[]>();
    for (const item of all) {
      const list = byChannel.get(item.post.channel) ?? [];
      list.push(item);
      byChannel.set(item.post.channel, list);
    }
    await Promise.all(
      [...byChannel.values()].map(async (items) => {
        for (const item of items) {
          if (this.stopping) {
            await this.release(item.post, clock.now(), 'shutting down');
            continue;
          }
          await this.deliverSafely(item.post, item.recovered);
        }
      }),
    );
    return all.length;
  }

  private async deliverSafely(post: Post, recovered: boolean): Promise<void> {
    const started = this.deps.clock.now();
    try {
      const result = await this.deliver(post, recovered);
      this.deps.observer?.onResult?.(post, result, { latencyMs: this.deps.clock.now() - started });
    } catch (error) {
      // Store trouble mid-delivery: leave the claim to expire; recovery reconciles it.
      this.deps.logger.error({ err: error, post: post.id }, 'delivery interrupted; the claim will be recovered');
    }
  }

  private async release(post: Post, dueAt: number, reason: string): Promise<void> {
    await this.deps.store.updateClaimed(post.id, this.deps.instanceId, { status: 'pending', dueAt, lastError: reason }, this.deps.clock.now());
  }

  private async deliver(post: Post, recovered: boolean): Promise<DeliveryResult> {
    const { store, clock, logger, instanceId } = this.deps;
    const log = logger.child({ post: post.id, channel: post.channel });
    const channel = this.deps.channels.get(post.channel);
    const config = this.deps.channelConfigs[post.channel];
    if (channel === undefined || config === undefined) {
      return this.park(post, 'failed', `unknown or disabled channel "${post.channel}"`);
    }
    const sentParts = [...post.sentParts];
    let resentPart: number | undefined;

    if (recovered && post.status === 'attempting') {
      const outcome = await this.reconcile(post, channel, sentParts.length, log);
      if (typeof outcome === 'string') return outcome;
      if (outcome.found !== undefined) sentParts.push(outcome.found);
      else resentPart = sentParts.length;
    }

    while (sentParts.length < post.parts.length) {
      const now = clock.now();
      const index = sentParts.length;
      const health = channel.health();
      const blocked = this.blockedUntil.get(post.channel) ?? 0;
      const notUp = health.state === 'starting' || health.state === 'down';
      if (health.state === 'disabled' || notUp || blocked > now) {
        const until = blocked > now ? blocked : notUp ? Math.max(health.retryAt ?? 0, now + NOT_UP_RETRY_MS) : now + DISABLED_CHANNEL_RETRY_MS;
        await this.saveProgress(post, sentParts, { status: 'pending', dueAt: until, lastError: health.reason ?? 'channel is rate limited' });
        return 'deferred';
      }
      const inReplyTo = index > 0 ? sentParts[index - 1] : await this.threadParent(post);
      if (inReplyTo === 'wait') {
        await this.saveProgress(post, sentParts, { status: 'pending', dueAt: now + THREAD_PARENT_WAIT_MS });
        return 'deferred';
      }
      const slot = await takeSendSlot(store, post.channel, config, post, now);
      if (!slot.ok) {
        const tooLate = post.priority === 'routine' && slot.retryAt - post.dueAt > this.deps.outbox.routineMaxDelayMinutes * 60_000;
        if (tooLate && index === 0) return this.park(post, 'dropped', `${slot.reason}; a routine post would be more than ${this.deps.outbox.routineMaxDelayMinutes} min late`);
        log.info({ retryAt: new Date(slot.retryAt).toISOString() }, slot.reason);
        await this.saveProgress(post, sentParts, { status: 'pending', dueAt: slot.retryAt + Math.round((this.deps.random ?? Math.random)() * 1000), lastError: slot.reason });
        return 'deferred';
      }
      // The attempt is on record before the platform is called.
      const attempts = post.attempts + 1;
      const marked = await store.updateClaimed(post.id, instanceId, { status: 'attempting', attempts, sentParts, claimUntil: now + this.deps.outbox.leaseMs }, now);
      if (!marked) return 'lost-claim';
      post.attempts = attempts;
      const key = partKey(post, index);
      try {
        const ref = await withTimeout(
          channel.publish({
            key,
            text: post.parts[index] as string,
            ...(index === 0 && post.replyTo !== undefined ? { replyTo: post.replyTo } : {}),
            ...(inReplyTo !== undefined ? { inReplyTo } : {}),
          }),
          this.deps.outbox.sendTimeoutMs,
        );
        sentParts.push(ref);
        if (resentPart === index) await this.unknown.forget(post.id, index);
        if (sentParts.length < post.parts.length) {
          const ok = await store.updateClaimed(post.id, instanceId, { status: 'attempting', sentParts }, clock.now());
          if (!ok) return 'lost-claim';
        }
      } catch (thrown) {
        return this.handleError(post, sentParts, toAppError(thrown), log, now);
      }
    }
    const ok = await store.updateClaimed(post.id, instanceId, { status: 'sent', sentParts }, clock.now());
    if (!ok) return 'lost-claim';
    await store.appendAudit({
      at: clock.now(),
      actor: `dispatcher:${instanceId}`,
      action: 'post.sent',
      target: post.id,
      where: post.channel,
      detail: { parts: sentParts.length, refs: sentParts.map((r) => r.url ?? r.id), source: post.source, attempts: post.attempts },
    });
    log.info({ parts: sentParts.length, url: sentParts[0]?.url }, 'post sent');
    return recovered ? 'reconciled' : 'sent';
  }

  /** The post this one threads under, once that post's first part is out. */
  private async threadParent(post: Post): Promise<PartRef | undefined | 'wait'> {
    if (post.threadUnder === undefined) return undefined;
    const parent = await this.deps.store.getPost(post.threadUnder);
    if (parent === undefined) return undefined;
    const first = parent.sentParts[0];
    if (first !== undefined) return first;
    // Parent still on its way: wait for it. Failed or cancelled parent: post standalone.
    return parent.status === 'pending' || parent.status === 'claimed' || parent.status === 'attempting' ? 'wait' : undefined;
  }

  /**
   * One settle step for a part whose outcome is unknown (see `settle-unknown.ts`): found → the
   * part is recorded; not found after the whole settle window → resend; still inside the window,
   * or the lookup failed in a passing way → the post stays `attempting` and its claim lapses at
   * the next lookup time, so whichever instance holds it then looks again.
   */
  private async reconcile(post: Post, channel: Channel, index: number, log: Logger): Promise<{ found?: PartRef } | DeliveryResult> {
    const capabilities = capabilitiesOf(channel);
    const step = await this.unknown.step(post, index, channel, capabilities, (since) =>
      withTimeout(
        channel.lookup({
          key: partKey(post, index),
          text: post.parts[index] as string,
          since,
          ...(post.replyTo !== undefined && index === 0 ? { replyTo: post.replyTo } : {}),
          ...(index > 0 && post.sentParts[index - 1] !== undefined ? { inReplyTo: post.sentParts[index - 1] as PartRef } : {}),
        }),
        this.deps.outbox.sendTimeoutMs,
      ),
    );
    const now = this.deps.clock.now();
    switch (step.kind) {
      case 'wait': {
        const ok = await this.deps.store.updateClaimed(post.id, this.deps.instanceId, { status: 'attempting', claimUntil: step.until, lastError: step.reason }, now);
        return ok ? 'settling' : 'lost-claim';
      }
      case 'park':
        this.deps.observer?.onSettled?.(post, 'parked', { lookups: step.lookups });
        return this.park(post, 'failed', step.reason);
      case 'found':
        this.deps.observer?.onSettled?.(post, 'found', { lookups: step.lookups });
        log.warn({ part: index, lookups: step.lookups }, 'an attempt whose outcome was unknown is live: recorded, not resent');
        return { found: step.ref };
      case 'resend':
        this.deps.observer?.onSettled?.(post, 'not-found-resent', { lookups: step.lookups });
        log.warn({ part: index, lookups: step.lookups, settleWindowMs: capabilities.settleWindowMs }, 'an attempt whose outcome was unknown never showed in its settle window: sending again');
        return {};
    }
  }

  private async handleError(post: Post, sentParts: PartRef[], error: AppError, log: Logger, attemptAt: number): Promise<DeliveryResult> {
    const now = this.deps.clock.now();
    const { outbox } = this.deps;
    if (error.code === 'RATE_LIMITED' || error.code === 'AUTH_FAILED') {
      const until = error.retryAt ?? now + (error.code === 'AUTH_FAILED' ? DISABLED_CHANNEL_RETRY_MS : 60_000);
      this.blockedUntil.set(post.channel, until);
      if (error.code === 'AUTH_FAILED') log.error({ code: error.code }, `channel ${post.channel} refused our credentials: posts wait until it is fixed`);
    }
    const delay = error.retryAt !== undefined ? Math.max(0, error.retryAt - now) + Math.round((this.deps.random ?? Math.random)() * 1000) : backoffDelay(post.attempts, outbox.backoffBaseMs, outbox.backoffMaxMs, this.deps.random);
    // A refusal as a repeat after an earlier attempt means that attempt may be live: look it up.
    const refusedAsRepeat = error.code === 'DUPLICATE_REFUSED' && post.attempts > 1;
    if (error.mayHaveSucceeded || refusedAsRepeat) {
      // Keep it `attempting` and let the claim lapse at the first lookup: nothing is resent
      // before the part has been looked up over the channel's whole settle window.
      const channel = this.deps.channels.get(post.channel);
      const capabilities = channel === undefined ? undefined : capabilitiesOf(channel);
      const index = sentParts.length;
      const firstLookup = capabilities === undefined ? now + delay : await this.unknown.open(post, index, { attemptAt, reason: error.message, refusedAsRepeat, capabilities });
      log.warn({ code: error.code, err: error.message, settleWindowMs: capabilities?.settleWindowMs }, 'the platform may have received the post; settling it before any resend');
      await this.deps.store.updateClaimed(post.id, this.deps.instanceId, { status: 'attempting', sentParts, claimUntil: firstLookup, lastError: `${error.code}: ${error.message}` }, now);
      return 'settling';
    }
    if (error.code !== 'AUTH_FAILED' && (!error.retryable || post.attempts >= outbox.maxAttempts)) {
      return this.park(post, 'failed', `${error.code}: ${error.message}${error.retryable ? ` (after ${post.attempts} attempts)` : ''}`, sentParts);
    }
    log.warn({ code: error.code, err: error.message, retryInMs: delay }, 'send failed; will retry');
    await this.saveProgress(post, sentParts, { status: 'pending', dueAt: now + delay, lastError: `${error.code}: ${error.message}` });
    return 'retry';
  }

  private async saveProgress(post: Post, sentParts: PartRef[], update: { status: 'pending'; dueAt: number; lastError?: string }): Promise<void> {
    await this.deps.store.updateClaimed(post.id, this.deps.instanceId, { ...update, sentParts }, this.deps.clock.now());
  }

  private async park(post: Post, status: 'failed' | 'dropped', reason: string, sentParts: PartRef[] = post.sentParts): Promise<DeliveryResult> {
    const now = this.deps.clock.now();
    await this.deps.store.updateClaimed(post.id, this.deps.instanceId, { status, lastError: reason, sentParts }, now);
    await this.deps.store.appendAudit({ at: now, actor: `dispatcher:${this.deps.instanceId}`, action: `post.${status}`, target: post.id, where: post.channel, detail: { reason } });
    this.deps.logger.warn({ post: post.id, channel: post.channel, reason }, `post ${status}`);
    return status;
  }
}

/** Idempotency key of one part: the post id for single posts, `id#n` for later thread parts. */
export function partKey(post: Post, index: number): string {
  return index === 0 ? post.id : `${post.id}#${index + 1}`;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new AppError('TIMEOUT', `no answer within ${ms} ms`, { retryable: true, mayHaveSucceeded: true })), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
