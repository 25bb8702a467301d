import type { Clock } from '../domain/clock.js';
import type { InboundMessage } from '../domain/inbound-message.js';
import { neutralize } from '../domain/neutralize.js';
import type { ReplyDecision } from '../replies/decider.js';
import type { Store } from '../store/store.js';

const COLLECTION = 'reply-records';

/**
 * One resident message and what the bot decided: the record public-records requests ask for, and
 * what answer governance reads (which topic and which version of its answer each reply came from).
 */
export interface ReplyRecord {
  /** `${channel}:${message id}`, as the inbox and the outbox key it. */
  id: string;
  channel: string;
  messageId: string;
  author: string;
  /** Neutralised; never posted. */
  text: string;
  receivedAt: number;
  decidedAt: number;
  outcome: string;
  kind: ReplyDecision['kind'];
  danger: ReplyDecision['danger'];
  topic: string | null;
  confidence: number;
  locale: string;
  /** The answer version and its "as of" time, for replies from the FAQ. */
  version?: string;
  asOf?: number;
  /** The topic came from a phrasing staff taught while running. */
  learned?: boolean;
  /** The outbox id of the automatic reply, when one was queued. */
  replyId?: string;
}

/** The records of resident messages, kept for `replies.recordRetentionDays`. */
export class ReplyRecords {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  /** Writes (or rewrites, when a message is processed again after a crash) the record of one message. */
  async record(message: InboundMessage, decision: ReplyDecision, outcome: string, replyId: string | undefined): Promise<void> {
    const id = `${message.channel}:${message.id}`;
    const record: ReplyRecord = {
      id,
      channel: message.channel,
      messageId: message.id,
      author: neutralize(message.author.handle, 100),
      text: neutralize(message.text, 2000),
      receivedAt: message.receivedAt,
      decidedAt: this.clock.now(),
      outcome,
      kind: decision.kind,
      danger: decision.danger,
      topic: decision.topic,
      confidence: Number(decision.confidence.toFixed(4)),
      locale: decision.locale,
      ...(decision.version === undefined ? {} : { version: decision.version }),
      ...(decision.asOf === undefined ? {} : { asOf: decision.asOf }),
      ...(decision.learned === true ? { learned: true } : {}),
      ...(replyId === undefined ? {} : { replyId }),
    };
    await this.store.putDoc(COLLECTION, id, record);
  }

  /** Records decided in [from, to), oldest first, optionally of one channel or topic. */
  async list(filter: { from?: number; to?: number; channel?: string; topic?: string } = {}): Promise<ReplyRecord[]> {
    const all = await this.store.listDocs<ReplyRecord>(COLLECTION);
    return all
      .filter((r) => (filter.from === undefined || r.decidedAt >= filter.from) && (filter.to === undefined || r.decidedAt < filter.to))
      .filter((r) => (filter.channel === undefined || r.channel === filter.channel) && (filter.topic === undefined || r.topic === filter.topic))
      .sort((a, b) => a.decidedAt - b.decidedAt || a.id.localeCompare(b.id));
  }

  /**
   * Replies given from an answer that no longer stands: its topic is switched off now, or its
   * answer text changed since (another version). Newest first.
   */
  async stale(current: { versionOf(topic: string): { version: string } | undefined; disabledTopics(): string[] }): Promise<(ReplyRecord & { why: 'switched-off' | 'superseded'; currentVersion: string | null })[]> {
    const disabled = new Set(current.disabledTopics());
    const out: (ReplyRecord & { why: 'switched-off' | 'superseded'; currentVersion: string | null })[] = [];
    for (const record of await this.list()) {
      if (record.kind !== 'answer' || record.topic === null || record.version === undefined) continue;
      const now = current.versionOf(record.topic)?.version ?? null;
      if (disabled.has(record.topic)) out.push({ ...record, why: 'switched-off', currentVersion: now });
      else if (now !== record.version) out.push({ ...record, why: 'superseded', currentVersion: now });
    }
    return out.reverse();
  }

  /** Deletes records decided before `before`; returns how many. */
  async prune(before: number): Promise<number> {
    let removed = 0;
    for (const record of await this.store.listDocs<ReplyRecord>(COLLECTION)) {
      if (record.decidedAt >= before) continue;
      await this.store.deleteDoc(COLLECTION, record.id);
      removed++;
    }
    return removed;
  }
}
