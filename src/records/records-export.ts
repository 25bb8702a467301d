import type { AuditRecord } from '../domain/audit.js';
import type { Post } from '../domain/post.js';
import type { Store } from '../store/store.js';
import type { ReplyRecords } from './reply-records.js';

export type RecordsFormat = 'csv' | 'jsonl';

export interface RecordsFilter {
  from: number;
  to: number;
  channel?: string | undefined;
  topic?: string | undefined;
}

/** One exported row: a resident message with its decision, a reply posted, or a staff action. */
export interface RecordRow {
  kind: 'message' | 'reply' | 'staff-action';
  at: string;
  channel: string;
  id: string;
  /** Who: the resident (messages), the staff member or `bot` (replies), the staff actor (actions). */
  actor: string;
  text: string;
  /** The decision's outcome, the reply's delivery status, or the staff action's name. */
  outcome: string;
  topic: string;
  confidence: string;
  locale: string;
  version: string;
  asOf: string;
  /** The message a reply answers, or the target of a staff action. */
  ref: string;
}

export const RECORD_COLUMNS: readonly (keyof RecordRow)[] = ['kind', 'at', 'channel', 'id', 'actor', 'text', 'outcome', 'topic', 'confidence', 'locale', 'version', 'asOf', 'ref'];

const iso = (ms: number | undefined) => (ms === undefined ? '' : new Date(ms).toISOString());
const AUDIT_PAGE = 1000;
const POSTS_LIMIT = 100_000;

/**
 * Everything a public-records request may ask for in a period: each resident message with what
 * the bot decided (topic, confidence, answer version), each reply that went into a thread (the
 * bot's and staff's), and each staff action. Oldest first. Filtered by channel and topic: a reply
 * carries its message's topic; staff actions have no topic and are left out of a topic filter.
 */
export async function collectRecords(deps: { store: Store; records: ReplyRecords }, filter: RecordsFilter): Promise<RecordRow[]> {
  const messages = await deps.records.list({ from: filter.from, to: filter.to, ...(filter.channel === undefined ? {} : { channel: filter.channel }) });
  // Replies are found by their message's record, even outside the period (a late staff answer).
  const everyRecord = new Map((await deps.records.list(filter.channel === undefined ? {} : { channel: filter.channel })).map((r) => [r.id, r]));
  const rows: RecordRow[] = [];
  for (const m of messages) {
    if (filter.topic !== undefined && m.topic !== filter.topic) continue;
    rows.push({ kind: 'message', at: iso(m.decidedAt), channel: m.channel, id: m.id, actor: m.author, text: m.text, outcome: m.outcome, topic: m.topic ?? '', confidence: String(m.confidence), locale: m.locale, version: m.version ?? '', asOf: iso(m.asOf), ref: m.replyId ?? '' });
  }
  const posts = await deps.store.listPosts({ order: 'recent', since: filter.from, limit: POSTS_LIMIT, ...(filter.channel === undefined ? {} : { channel: filter.channel }) });
  for (const post of posts.filter(isReply)) {
    if (post.createdAt < filter.from || post.createdAt >= filter.to) continue;
    const messageKey = post.id.replace(/^reply:/, '').replace(/:staff$/, '');
    const message = everyRecord.get(messageKey);
    if (filter.topic !== undefined && message?.topic !== filter.topic) continue;
    rows.push({ kind: 'reply', at: iso(post.createdAt), channel: post.channel, id: post.id, actor: post.createdBy ?? 'bot', text: post.parts.join('\n'), outcome: post.status, topic: message?.topic ?? '', confidence: '', locale: post.locale ?? message?.locale ?? '', version: message?.replyId === post.id ? (message.version ?? '') : '', asOf: message?.replyId === post.id ? iso(message.asOf) : '', ref: messageKey });
  }
  if (filter.topic === undefined) {
    for (const entry of await staffActions(deps.store, filter.from, filter.to)) {
      if (filter.channel !== undefined && entry.where !== filter.channel) continue;
      rows.push({ kind: 'staff-action', at: iso(entry.at), channel: entry.where ?? '', id: entry.id, actor: entry.actor, text: entry.detail === undefined ? '' : JSON.stringify(entry.detail), outcome: entry.action, topic: '', confidence: '', locale: '', version: '', asOf: '', ref: entry.target ?? '' });
    }
  }
  return rows.sort((a, b) => a.at.localeCompare(b.at) || a.kind.localeCompare(b.kind) || a.id.localeCompare(b.id));
}

function isReply(post: Post): boolean {
  return post.id.startsWith('reply:');
}

async function staffActions(store: Store, from: number, to: number): Promise<AuditRecord[]> {
  const out: AuditRecord[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await store.queryAudit({ stream: 'staff', since: from, until: to, order: 'oldest', limit: AUDIT_PAGE, ...(after === undefined ? {} : { after }) });
    out.push(...page);
    if (page.length < AUDIT_PAGE) return out;
    after = page[page.length - 1]?.id;
  }
}

/**
 * A CSV cell: quoted when it holds a comma, quote or line break (RFC 4180); a cell starting with
 * = + - @ (or a tab or carriage return) gets a leading apostrophe, so a resident's text opened in a
 * spreadsheet stays text and never runs as a formula.
 */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function formatRecords(rows: readonly RecordRow[], format: RecordsFormat): string {
  if (format === 'jsonl') return rows.map((row) => JSON.stringify(row)).join('\n') + (rows.length > 0 ? '\n' : '');
  return [RECORD_COLUMNS.join(','), ...rows.map((row) => RECORD_COLUMNS.map((c) => csvCell(row[c])).join(','))].join('\r\n') + '\r\n';
}
