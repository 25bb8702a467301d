import type { Channel, ChannelState, LookupRequest, LookupResult, PublishRequest } from '../../src/channels/channel.js';
import type { ChannelCapabilities } from '../../src/channels/kit/channel-capabilities.js';
import { AppError } from '../../src/domain/errors.js';
import type { PartRef } from '../../src/domain/post.js';

export type Fault = 'ok' | 'rate-limited' | 'server-error' | 'lost-response' | 'auth' | 'rejected' | 'duplicate' | 'error-after-create';

/**
 * An in-memory platform for dispatcher unit tests: it really "publishes" (records posts) and can
 * fail on command, including the worst case: accept the post and lose the response.
 */
export class ScriptedChannel implements Channel {
  readonly kind = 'scripted';
  readonly published: (PublishRequest & { id: string })[] = [];
  readonly faults: Fault[] = [];
  lookupAnswer: 'truth' | 'unknown' | 'fail' = 'truth';
  retryAt: number | undefined;
  /** Declared capabilities (settle window...); absent = the registry's defaults for an unknown kind. */
  capabilities: ChannelCapabilities | undefined;
  /** A published post shows in lookups only once `now()` passes its publish time plus this lag. */
  lagMs = 0;
  /** Forces a health state (a channel still starting, or down after a failed start). */
  forcedState: ChannelState | undefined;
  lookups = 0;
  private readonly publishedAt = new Map<string, number>();
  private disabled = false;

  constructor(
    readonly name: string,
    readonly limits = { maxLength: 280, lengthRule: 'chars' as const, threads: true, maxThreadParts: 5 },
    private readonly now: () => number = () => Date.now(),
  ) {}

  async start() {}
  async close() {}
  health() {
    if (this.forcedState !== undefined) return { state: this.forcedState, since: 0, reason: 'forced by the test' };
    return this.disabled ? { state: 'disabled' as const, since: 0, reason: 'auth' } : { state: 'ok' as const, since: 0 };
  }

  async publish(request: PublishRequest): Promise<PartRef> {
    const fault = this.faults.shift() ?? 'ok';
    const record = () => {
      const id = `m${this.published.length + 1}`;
      this.published.push({ ...request, id });
      this.publishedAt.set(id, this.now());
      return { id, url: `https://example.test/${id}` };
    };
    switch (fault) {
      case 'ok':
        return record();
      case 'lost-response':
        record();
        throw new AppError('NETWORK', 'socket hang up', { retryable: true, mayHaveSucceeded: true });
      case 'rate-limited':
        throw new AppError('RATE_LIMITED', '429', { retryable: true, ...(this.retryAt === undefined ? {} : { retryAt: this.retryAt }) });
      case 'server-error':
        throw new AppError('PLATFORM_UNAVAILABLE', '503', { retryable: true });
      case 'auth':
        this.disabled = true;
        throw new AppError('AUTH_FAILED', '401');
      case 'rejected':
        throw new AppError('REJECTED', '422 text rejected');
      case 'duplicate':
        throw new AppError('DUPLICATE_REFUSED', '403 duplicate content');
      case 'error-after-create':
        record();
        throw new AppError('PLATFORM_UNAVAILABLE', '503 after the post was stored', { retryable: true, mayHaveSucceeded: true });
    }
  }

  async lookup(request: LookupRequest): Promise<LookupResult> {
    this.lookups += 1;
    if (this.lookupAnswer === 'unknown') return { found: 'unknown', reason: 'search unavailable' };
    if (this.lookupAnswer === 'fail') throw new AppError('PLATFORM_UNAVAILABLE', '503 during lookup', { retryable: true });
    const hit = this.published.find((p) => p.key === request.key && (this.publishedAt.get(p.id) ?? 0) + this.lagMs <= this.now());
    return hit === undefined ? { found: false } : { found: true, ref: { id: hit.id } };
  }
}

/** A clock tests move by hand. */
export class ManualClock {
  constructor(public t = 1_700_000_000_000) {}
  now = () => this.t;
  advance(ms: number): void {
    this.t += ms;
  }
}
