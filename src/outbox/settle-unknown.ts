import type { Logger } from 'pino';
import type { Channel } from '../channels/channel.js';
import type { ChannelCapabilities } from '../channels/kit/channel-capabilities.js';
import type { Clock } from '../domain/clock.js';
import { toAppError } from '../domain/errors.js';
import type { PartRef, Post } from '../domain/post.js';
import type { Store } from '../store/store.js';

/** One part whose outcome is unknown, kept in the store while it is being settled. */
export interface UnknownOutcome {
  postId: string;
  part: number;
  /** When the attempt was marked (epoch ms): lookups reach back to here. */
  attemptAt: number;
  /** When the outcome became unknown: the failure, or the recovery of an interrupted attempt. */
  unknownSince: number;
  /** The platform refused a resend as a repeat: sending again cannot work. */
  refusedAsRepeat: boolean;
  lookups: number;
  reason: string;
  /** Settled as not found and sent again: kept so a later failure still looks back to the first attempt. */
  resent?: boolean;
}

/** How one settle step ended. */
export type SettleStep =
  /** The part is live: record it as sent. */
  | { kind: 'found'; ref: PartRef; lookups: number }
  /** Looked up over the whole settle window and never seen: it may be sent (again). */
  | { kind: 'resend'; lookups: number }
  /** Not visible yet, or the lookup failed in a passing way: look again at `until`. */
  | { kind: 'wait'; until: number; reason: string }
  /** Cannot be settled by a machine: park the post for a person. */
  | { kind: 'park'; reason: string; lookups: number };

const COLLECTION = 'unknown-outcomes';
/** Our clock and the platform's may disagree: lookups reach a little further back. */
const CLOCK_SKEW_MS = 60_000;

/**
 * Settles unknown outcomes before any resend (ADR 5). After a failure that may have reached the
 * platform (timeout, lost connection, any 5xx) or an attempt interrupted by a crash, the part is
 * looked up again and again over the channel's settle window — longer than its indexing lag and
 * slowest commit — and only resent once the whole window has passed without a sighting. Waiting
 * costs seconds; a doubled emergency post cannot be taken back.
 */
export class UnknownOutcomes {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  /** Records that a part's outcome is now unknown; returns when to look first. */
  async open(post: Post, part: number, input: { attemptAt: number; reason: string; refusedAsRepeat: boolean; capabilities: ChannelCapabilities }): Promise<number> {
    const now = this.clock.now();
    const previous = await this.get(post.id, part);
    const outcome: UnknownOutcome = {
      postId: post.id,
      part,
      attemptAt: Math.min(input.attemptAt, previous?.attemptAt ?? Number.POSITIVE_INFINITY),
      unknownSince: now,
      refusedAsRepeat: input.refusedAsRepeat,
      lookups: previous?.lookups ?? 0,
      reason: input.reason,
    };
    await this.store.putDoc(COLLECTION, docId(post.id, part), outcome);
    return now + lookupInterval(input.capabilities);
  }

  /**
   * One step: look the part up and decide. An attempt found `attempting` with no record was
   * interrupted (a crash, a lost claim): its window starts now, and it reaches back to the
   * post's due time, which no attempt can precede.
   */
  async step(post: Post, part: number, channel: Channel, capabilities: ChannelCapabilities, lookup: (since: number) => ReturnType<Channel['lookup']>): Promise<SettleStep> {
    const now = this.clock.now();
    const saved = await this.get(post.id, part);
    const outcome: UnknownOutcome =
      saved !== undefined && saved.resent !== true
        ? saved
        : {
            postId: post.id,
            part,
            attemptAt: Math.min(post.dueAt, saved?.attemptAt ?? Number.POSITIVE_INFINITY),
            unknownSince: now,
            refusedAsRepeat: false,
            lookups: saved?.lookups ?? 0,
            reason: 'an attempt was interrupted (crash or lost claim)',
          };
    const lookups = outcome.lookups + 1;
    let result: Awaited<ReturnType<Channel['lookup']>>;
    try {
      result = await lookup(outcome.attemptAt - CLOCK_SKEW_MS);
    } catch (error) {
      const appError = toAppError(error);
      if (!appError.retryable) return this.finish(outcome, { kind: 'park', reason: `cannot settle an earlier attempt: ${appError.message}`, lookups });
      // The lookup failed in a passing way (5xx, 429, timeout): ask again, on every platform.
      await this.save({ ...outcome, lookups });
      const until = Math.max(appError.retryAt ?? 0, now + lookupInterval(capabilities));
      return { kind: 'wait', until, reason: `lookup failed (${appError.code}): ${appError.message}` };
    }
    if (result.found === true) return this.finish(outcome, { kind: 'found', ref: result.ref, lookups });
    if (result.found === 'unknown') return this.finish(outcome, { kind: 'park', reason: `outcome of an earlier attempt is unknown (${result.reason}); check ${channel.name} before retrying`, lookups });
    const deadline = outcome.unknownSince + capabilities.settleWindowMs;
    if (now < deadline) {
      await this.save({ ...outcome, lookups });
      return { kind: 'wait', until: Math.min(deadline, now + lookupInterval(capabilities)), reason: `settling: not visible after ${lookups} lookup(s); looking until ${new Date(deadline).toISOString()}` };
    }
    if (outcome.refusedAsRepeat) {
      return this.finish(outcome, { kind: 'park', reason: `${channel.name} refused a resend as a repeat, yet the post was not found in ${lookups} lookups over ${capabilities.settleWindowMs} ms: check the channel`, lookups });
    }
    return this.finish(outcome, { kind: 'resend', lookups });
  }

  /** The part went out after a resend: nothing is left to settle. */
  async forget(postId: string, part: number): Promise<void> {
    await this.store.deleteDoc(COLLECTION, docId(postId, part));
  }

  private async finish(outcome: UnknownOutcome, step: SettleStep): Promise<SettleStep> {
    // A resend may fail too: the record keeps the first attempt's time for the next lookups.
    if (step.kind === 'resend') await this.save({ ...outcome, lookups: step.lookups, resent: true });
    else await this.store.deleteDoc(COLLECTION, docId(outcome.postId, outcome.part));
    if (step.kind !== 'wait') this.logger.info({ post: outcome.postId, part: outcome.part, outcome: step.kind, lookups: outcome.lookups + 1, waitedMs: this.clock.now() - outcome.unknownSince }, 'unknown outcome settled');
    return step;
  }

  private get(postId: string, part: number): Promise<UnknownOutcome | undefined> {
    return this.store.getDoc<UnknownOutcome>(COLLECTION, docId(postId, part));
  }

  private save(outcome: UnknownOutcome): Promise<void> {
    return this.store.putDoc(COLLECTION, docId(outcome.postId, outcome.part), outcome);
  }
}

/** Pause between lookups: about six looks per window, 1–10 s apart. */
export function lookupInterval(capabilities: ChannelCapabilities): number {
  return Math.min(10_000, Math.max(1_000, Math.round(capabilities.settleWindowMs / 6)));
}

function docId(postId: string, part: number): string {
  return `${postId}#${part}`;
}
