import type { Logger } from 'pino';
import type { CivicastConfig } from '../config/schema.js';
import type { Clock } from '../domain/clock.js';
import type { InboundMessage } from '../domain/inbound-message.js';
import type { Priority } from '../domain/post.js';
import type { Outbox } from '../outbox/outbox.js';
import type { Store } from '../store/store.js';
import type { ReplyDecider, ReplyDecision, ReplyEmergency } from './decider.js';
import type { Inbox, InboxItem } from './inbox.js';
import { hourlyCounter } from '../learning/hourly-shares.js';
import { markReply } from './automated-marker.js';
import type { ReplyRecords } from '../records/reply-records.js';

export type ReplyOutcome = 'replied' | 'urgent' | 'possible' | 'handoff' | 'duplicate' | 'ignored' | 'limited';

export interface ReplyPipelineDeps {
  store: Store;
  outbox: Outbox;
  inbox: Inbox;
  decider: ReplyDecider;
  currentEmergency: () => Promise<ReplyEmergency | null>;
  /** Fits reply text to the channel (thread parts). */
  compose: (text: string, channel: string) => string[];
  config: CivicastConfig['replies'];
  clock: Clock;
  logger: Logger;
  observer?: (message: InboundMessage, outcome: ReplyOutcome, decision: ReplyDecision | undefined, latencyMs: number) => void;
  /** The "automated reply" marker a channel puts before automatic replies in a language (none: unmarked). */
  marker?: (channel: string, locale: string) => string | undefined;
  /** Keeps each message's record (text, decision, topic and answer version) for public-records requests and answer governance. */
  records?: ReplyRecords;
}

const SEEN_TTL_MS = 14 * 86_400_000;
/** What staff see for a message the decider could not handle. */
const UNDECIDED: ReplyDecision = { kind: 'handoff', danger: 'none', dangerKinds: [], topic: null, confidence: 0, locale: 'und', reply: null, latencyMs: 0 };
const DAY_MS = 86_400_000;

/**
 * Inbound message → one decision: an auto-reply, the 911 reply or a reply led by the 911 line
 * (each with an item on top of the staff inbox and an alarm), or a handoff to the staff inbox. Replies go through the outbox, keyed by the message, so a message
 * seen twice (restart, two instances, a platform resending it) is answered once. Replies carry
 * only the knowledge base's text: the citizen's words are never quoted back.
 */
export class ReplyPipeline {
  /** Messages being decided in this process: a second delivery waits for the first instead of racing it. */
  private readonly inFlight = new Map<string, Promise<ReplyOutcome>>();

  constructor(private readonly deps: ReplyPipelineDeps) {}

  async handle(message: InboundMessage): Promise<ReplyOutcome> {
    const key = `${message.channel}:${message.id}`;
    const running = this.inFlight.get(key);
    if (running !== undefined) return running.then(() => 'duplicate' as const, () => this.handle(message));
    const handling = this.handleOnce(message).finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, handling);
    return handling;
  }

  private async handleOnce(message: InboundMessage): Promise<ReplyOutcome> {
    const started = this.deps.clock.now();
    const outcome = await this.process(message).catch((error: unknown) => {
      this.deps.logger.error({ err: error, message: message.id, channel: message.channel }, 'reply pipeline failed');
      throw error;
    });
    return outcome.result(started);
  }

  private async process(message: InboundMessage): Promise<{ result: (started: number) => ReplyOutcome }> {
    const { store, clock, logger } = this.deps;
    const done = (outcome: ReplyOutcome, decision?: ReplyDecision) => ({
      result: (started: number) => {
        const latencyMs = clock.now() - started;
        this.deps.observer?.(message, outcome, decision, latencyMs);
        if (decision !== undefined) {
          logger.info({ channel: message.channel, message: message.id, outcome, topic: decision.topic, confidence: Number(decision.confidence.toFixed(3)), locale: decision.locale, latencyMs }, 'reply decision');
        }
        return outcome;
      },
    });

    if (this.isIgnored(message)) return done('ignored');
    const key = `${message.channel}:${message.id}`;
    const replyId = `reply:${key}`;
    // Seen is marked only once the decision is safely stored, so a crash in between re-processes the
    // message instead of losing it; the reply's outbox id and the inbox id make re-processing harmless.
    // The reads a decision needs go out together: intake speed is what keeps a danger message from
    // waiting behind the messages read before it.
    const [seen, replied, emergency] = await Promise.all([store.hasSeen('inbound', key, clock.now()), this.deps.outbox.get(replyId), this.deps.currentEmergency()]);
    if (seen) return done('duplicate');
    if (replied !== undefined) {
      await store.markSeen('inbound', key, SEEN_TTL_MS, clock.now());
      return done('duplicate');
    }

    const decided = this.decide(message, emergency);
    const decision = decided ?? UNDECIDED;
    const outcome = decided === undefined ? await this.handOffUnprocessable(message) : await this.act(message, decision);
    // Written before the seen marker: a crash in between re-processes the message and rewrites the same record.
    const answered = outcome === 'replied' || ((outcome === 'urgent' || outcome === 'possible') && decision.reply !== null);
    await this.deps.records?.record(message, decision, outcome, answered ? replyId : undefined);
    // Two instances may race on one message: the outbox id keeps one reply, and only the first
    // marker counts it (the other may leave a redundant inbox note, never a second reply).
    if (!(await store.markSeen('inbound', key, SEEN_TTL_MS, clock.now()))) return done('duplicate', decision);
    await this.count(decision, outcome === 'replied' ? 'answered' : outcome === 'urgent' || outcome === 'possible' ? outcome : 'handoff');
    return done(outcome, decision);
  }

  /**
   * The decider is pure: if it throws on a message it throws on every retry, and a channel that
   * re-reads until the handler succeeds would be stuck on that message with every one behind it
   * waiting. Such a message goes to staff instead. Store failures are not caught here: those are
   * retried, since the next attempt may succeed.
   */
  private decide(message: InboundMessage, emergency: ReplyEmergency | null): ReplyDecision | undefined {
    try {
      return this.deps.decider.decide(message.text, emergency);
    } catch (error) {
      this.deps.logger.error({ err: error, channel: message.channel, message: message.id }, 'ALARM reply decider failed on a message; handed to staff');
      return undefined;
    }
  }

  private async handOffUnprocessable(message: InboundMessage): Promise<'handoff'> {
    await this.deps.inbox.add(message, UNDECIDED, 'unprocessable');
    return 'handoff';
  }

  private async act(message: InboundMessage, decision: ReplyDecision): Promise<'replied' | 'urgent' | 'possible' | 'handoff' | 'limited'> {
    const { store, config, clock } = this.deps;
    if (decision.danger !== 'none') return this.actOnDanger(message, decision, decision.danger);
    const reason = decision.withheld === undefined ? 'unserved-language' : 'unreviewed-translation';
    if (decision.kind === 'handoff' && decision.reply !== null) return this.pointToInterpreter(message, decision, decision.reply, reason);
    if (decision.kind === 'handoff' || decision.reply === null) {
      await this.deps.inbox.add(message, decision, decision.withheld === undefined ? 'low-confidence' : 'unreviewed-translation');
      return 'handoff';
    }
    // Loop protection: one answer per author per cooldown, a few per author per conversation.
    // The cap counts per author, not per thread: many residents asking under one of the city's
    // posts (the root of their threads) are each answered, while one account that keeps replying
    // to our answers (a bot not flagged as one, or two bots answering each other) is stopped.
    const now = clock.now();
    if (config.authorCooldownSeconds > 0) {
      const cooldown = await store.takeSlot(`cooldown:${message.channel}:${message.author.id}`, 1, config.authorCooldownSeconds * 1000, now);
      if (!cooldown.taken) {
        await this.deps.inbox.add(message, decision, 'cooldown');
        return 'limited';
      }
    }
    const thread = message.threadId ?? message.id;
    const cap = await store.takeSlot(`thread:${message.channel}:${thread}:${message.author.id}`, config.threadReplyCap, DAY_MS, now);
    if (!cap.taken) {
      await this.deps.inbox.add(message, decision, 'thread-cap');
      return 'limited';
    }
    if (!(await this.enqueueReply(message, decision.reply, 'answer', decision.locale, decision.source))) return this.handOffUnprocessable(message);
    return 'replied';
  }

  /**
   * A message in a language the city does not serve, or whose answer in its language is held back
   * for review: the short reviewed pointer (311 with an interpreter, in that language) once per
   * author per cooldown, and the message to staff tagged with its language either way.
   */
  private async pointToInterpreter(message: InboundMessage, decision: ReplyDecision, reply: string, reason: 'unserved-language' | 'unreviewed-translation'): Promise<'handoff'> {
    const { store, config, clock } = this.deps;
    const slot = config.authorCooldownSeconds > 0 ? await store.takeSlot(`cooldown:${message.channel}:${message.author.id}`, 1, config.authorCooldownSeconds * 1000, clock.now()) : { taken: true };
    if (slot.taken) await this.enqueueReply(message, reply, 'answer', decision.locale);
    await this.deps.inbox.add(message, decision, reason);
    return 'handoff';
  }

  /**
   * Danger first: the reply (the 911 reply, or the 911 line leading the answer) at top priority,
   * then the item on top of the staff inbox, then the alarm. No cooldown or thread cap stops it;
   * the message's text is not logged (it is the resident's, and may be hostile).
   */
  private async actOnDanger(message: InboundMessage, decision: ReplyDecision, tier: 'urgent' | 'possible'): Promise<'urgent' | 'possible'> {
    // Flagged to staff even when the reply could not be composed.
    if (decision.reply !== null) await this.enqueueReply(message, decision.reply, 'urgent', decision.locale);
    await this.deps.inbox.add(message, decision, tier === 'urgent' ? 'urgent' : 'possible-danger');
    this.deps.logger.error({ channel: message.channel, message: message.id, danger: tier, kinds: decision.dangerKinds, locale: decision.locale, replied: decision.reply !== null }, `ALARM ${tier === 'urgent' ? 'danger' : 'possible danger'} reported on ${message.channel}; 911 reply queued, inbox item ${message.channel}:${message.id}`);
    return tier;
  }

  /**
   * A staff answer to an inbox item: a new post in the resident's thread, after any automatic
   * reply (which has its own id). Exactly once: the post's id is the item's, so a form sent twice,
   * two people answering at once, or a retry after a crash post one answer; the later ones find
   * it and post nothing (returns false). The staff layer decides who may answer and audits it.
   */
  async staffReply(item: Pick<InboxItem, 'channel' | 'messageId' | 'replyTarget'>, text: string, actor: string, options: { awaitingApproval?: boolean; priority?: Priority } = {}): Promise<boolean> {
    return this.deps.outbox.enqueue({
      id: `reply:${item.channel}:${item.messageId}:staff`,
      channel: item.channel,
      parts: this.deps.compose(text, item.channel),
      priority: options.priority ?? 'urgent',
      dueAt: this.deps.clock.now(),
      source: `reply:${item.messageId}`,
      replyTo: item.replyTarget,
      createdBy: actor,
      ...(options.awaitingApproval === true ? { awaitingApproval: true } : {}),
    });
  }

  private isIgnored(message: InboundMessage): boolean {
    const { config } = this.deps;
    if (message.author.isBot === true) return true;
    const handle = message.author.handle.toLowerCase();
    if (config.blockedAuthors.some((b) => b.toLowerCase() === handle || b === message.author.id)) return true;
    if (config.ownAccounts.some((b) => b.toLowerCase() === handle || b === message.author.id)) return true;
    return this.deps.clock.now() - message.createdAt > config.maxMessageAgeMinutes * 60_000;
  }

  /**
   * False when the reply could not be fitted to the channel (the same on every retry, like `decide`).
   * The channel's "automated reply" marker goes first (a danger reply takes it only when it adds no
   * part: 911 first); the answer's source page goes last, only when it adds no part.
   */
  private async enqueueReply(message: InboundMessage, text: string, priority: 'urgent' | 'answer', locale: string, source?: string): Promise<boolean> {
    let parts: string[];
    try {
      let body = text;
      parts = this.deps.compose(body, message.channel);
      const marker = this.deps.marker?.(message.channel, locale);
      const marked = marker === undefined ? undefined : this.extended(markReply(body, marker), message.channel, parts, priority === 'answer');
      if (marked !== undefined) [body, parts] = [markReply(body, marker), marked];
      parts = (source === undefined ? undefined : this.extended(`${body}\n${source}`, message.channel, parts, false)) ?? parts;
    } catch (error) {
      this.deps.logger.error({ err: error, channel: message.channel, message: message.id }, 'ALARM reply could not be composed for the channel; handed to staff');
      return false;
    }
    await this.deps.outbox.enqueue({
      id: `reply:${message.channel}:${message.id}`,
      channel: message.channel,
      parts,
      priority,
      dueAt: this.deps.clock.now(),
      source: `reply:${message.id}`,
      replyTo: message.replyTarget,
      locale,
    });
    return true;
  }

  /** `text` fitted to the channel, when it takes no more parts than `parts` (or `always`); else undefined. */
  private extended(text: string, channel: string, parts: readonly string[], always: boolean): string[] | undefined {
    try {
      const longer = this.deps.compose(text, channel);
      return always || longer.length <= parts.length ? longer : undefined;
    } catch (error) {
      if (always) throw error;
      return undefined;
    }
  }

  private async count(decision: ReplyDecision, outcome: 'answered' | 'handoff' | 'urgent' | 'possible'): Promise<void> {
    const { store } = this.deps;
    await Promise.all([
      store.incrementCounter(`replies.${outcome}`, 1),
      // Per hour too: the dashboard shows the share answered, handed off and urgent hour by hour.
      store.incrementCounter(hourlyCounter(this.deps.clock.now(), outcome), 1),
      store.incrementCounter(`replies.locale.${decision.locale}`, 1),
      ...(decision.topic === null ? [] : [store.incrementCounter(`replies.topic.${decision.topic}`, 1)]),
    ]);
  }
}
