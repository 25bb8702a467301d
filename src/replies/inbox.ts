import type { Clock } from '../domain/clock.js';
import { AppError } from '../domain/errors.js';
import type { InboundMessage } from '../domain/inbound-message.js';
import { neutralize } from '../domain/neutralize.js';
import type { Store } from '../store/store.js';
import type { DangerTier, ReplyDecision, TopicGuess } from './decider.js';

const COLLECTION = 'inbox';

/** A message handed to staff: danger (urgent or possible), low confidence, or rate-limited. */
export interface InboxItem {
  id: string;
  channel: string;
  messageId: string;
  author: string;
  /** Shown to staff only, neutralised; never posted. */
  text: string;
  /** `unprocessable`: deciding or composing the reply threw; a person must read it. */
  /** `unserved-language`: a language the city does not answer in; it may have got the pointer to 311 with an interpreter. */
  /** `unreviewed-translation`: the answer in its language is not reviewed and unreviewed texts are held back (`withheld` says which). */
  reason: 'urgent' | 'possible-danger' | 'low-confidence' | 'cooldown' | 'thread-cap' | 'unprocessable' | 'unserved-language' | 'unreviewed-translation';
  /** True for both dangerous tiers (older tools read this); `danger` says which. */
  urgent: boolean;
  danger: DangerTier;
  /** What the danger seems to be (fire, gas, injury...). */
  dangerKinds: string[];
  topic: string | null;
  confidence: number;
  locale: string;
  status: 'open' | 'answered' | 'resolved';
  /** The classifier's best topics for this post (the learning loop groups and labels hand-offs by them). */
  guesses?: TopicGuess[];
  /** A topic that would have answered but is switched off by staff. */
  disabledTopic?: string;
  /** Why the answer in the asker's language was held back (reason `unreviewed-translation`). */
  withheld?: string;
  /**
   * What staff did with it, newest last: `answered`, `resolved`, `theme-answered`,
   * `example:<topic>` (its words taught to a topic), `draft:<id>` (a new topic drafted from it).
   */
  outcomes?: string[];
  createdAt: number;
  resolvedAt?: number;
  resolvedBy?: string;
  replyTarget: InboundMessage['replyTarget'];
}

const TRIAGE: Record<DangerTier, number> = { urgent: 0, possible: 1, none: 2 };

/** Items written before danger tiers had only `urgent`. */
export function dangerOf(item: Pick<InboxItem, 'urgent'> & { danger?: DangerTier }): DangerTier {
  return item.danger ?? (item.urgent ? 'urgent' : 'none');
}

/** The staff inbox: what the bot would not answer alone. Triage: urgent, then possible danger, then the rest; each oldest first. */
export class Inbox {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  async add(message: InboundMessage, decision: ReplyDecision, reason: InboxItem['reason']): Promise<InboxItem> {
    const item: InboxItem = {
      id: `${message.channel}:${message.id}`,
      channel: message.channel,
      messageId: message.id,
      author: neutralize(message.author.handle, 100),
      text: neutralize(message.text, 2000),
      reason,
      urgent: decision.danger !== 'none',
      danger: decision.danger,
      dangerKinds: decision.dangerKinds,
      topic: decision.topic,
      confidence: decision.confidence,
      locale: decision.locale,
      status: 'open',
      ...(decision.guesses === undefined ? {} : { guesses: decision.guesses }),
      ...(decision.disabledTopic === undefined ? {} : { disabledTopic: decision.disabledTopic }),
      ...(decision.withheld === undefined ? {} : { withheld: decision.withheld }),
      createdAt: this.clock.now(),
      replyTarget: message.replyTarget,
    };
    await this.store.putDocIfAbsent(COLLECTION, item.id, item);
    return item;
  }

  async list(status: InboxItem['status'] | 'all' = 'open'): Promise<InboxItem[]> {
    const items = await this.store.listDocs<InboxItem>(COLLECTION);
    return items
      .filter((i) => status === 'all' || i.status === status)
      .sort((a, b) => TRIAGE[dangerOf(a)] - TRIAGE[dangerOf(b)] || a.createdAt - b.createdAt);
  }

  /** Open items by danger tier: what the metric and the console counter show. */
  async openDanger(): Promise<{ urgent: number; possible: number }> {
    const counts = { urgent: 0, possible: 0 };
    for (const item of await this.store.listDocs<InboxItem>(COLLECTION)) {
      const tier = dangerOf(item);
      if (item.status === 'open' && tier !== 'none') counts[tier]++;
    }
    return counts;
  }

  async get(id: string): Promise<InboxItem> {
    const item = await this.store.getDoc<InboxItem>(COLLECTION, id);
    if (item === undefined) throw new AppError('NOT_FOUND', `no inbox item ${id}`);
    return item;
  }

  /**
   * Retention: removes items closed before `closedBefore`, and items still open from before
   * `openBefore` (long past any storm), so the inbox stays bounded. Returns how many went.
   */
  async prune(closedBefore: number, openBefore: number): Promise<number> {
    let removed = 0;
    for (const item of await this.store.listDocs<InboxItem>(COLLECTION)) {
      const stale = item.status === 'open' ? item.createdAt < openBefore : (item.resolvedAt ?? item.createdAt) < closedBefore;
      if (!stale) continue;
      await this.store.deleteDoc(COLLECTION, item.id);
      removed++;
    }
    return removed;
  }

  async close(id: string, status: 'answered' | 'resolved', actor: string, outcome: string = status): Promise<InboxItem> {
    const item = await this.get(id);
    const next: InboxItem = { ...item, status, resolvedAt: this.clock.now(), resolvedBy: actor, outcomes: [...(item.outcomes ?? []), outcome] };
    await this.store.putDoc(COLLECTION, id, next);
    await this.store.appendAudit({ at: this.clock.now(), actor, action: `inbox.${status}`, target: id, where: item.channel });
    return next;
  }

  /** Notes what staff did with an item that stays open (a phrasing taught, a topic drafted from it). */
  async note(id: string, outcome: string): Promise<InboxItem> {
    const item = await this.get(id);
    const next: InboxItem = { ...item, outcomes: [...(item.outcomes ?? []), outcome] };
    await this.store.putDoc(COLLECTION, id, next);
    return next;
  }
}
