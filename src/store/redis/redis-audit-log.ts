import type { Redis } from 'ioredis';
import { AUDIT_STREAMS, auditStreamOf, queryLimit, queryStreams, type AuditEntry, type AuditQuery, type AuditRecord, type AuditRetention, type AuditStream } from '../../domain/audit.js';
import { auditId, parseAuditId } from '../audit-cursor.js';
import { auditRecordMatches, selectAudit, type PositionedRecord } from '../select-audit.js';
import * as scripts from './audit-scripts.js';

/** How many ids one read of an index takes, and how many a query looks at before it stops. */
const PAGE = 500;
const MAX_EXAMINED = 50_000;
const LEGACY_BATCH = 500;

interface AuditCommands {
  ccAppendAudit(...args: string[]): Promise<number>;
  ccPruneAudit(...args: string[]): Promise<number>;
}

interface StoredBody {
  s: AuditStream;
  e: AuditEntry;
}

/**
 * The Redis adapter's audit log (layout in audit-scripts.ts). A query reads the narrowest index
 * its filters allow (the actor's, else each stream's) page by page in its order and stops at its
 * limit or after MAX_EXAMINED entries, so its cost is bounded whatever the size of the log.
 */
export class RedisAuditLog {
  private readonly redis: Redis & AuditCommands;

  constructor(
    redis: Redis,
    private readonly p: string,
    private readonly retention: Readonly<Record<AuditStream, AuditRetention>>,
  ) {
    redis.defineCommand('ccAppendAudit', { numberOfKeys: 0, lua: scripts.APPEND_AUDIT });
    redis.defineCommand('ccPruneAudit', { numberOfKeys: 0, lua: scripts.PRUNE_AUDIT });
    this.redis = redis as Redis & AuditCommands;
  }

  async append(entry: AuditEntry): Promise<void> {
    const stream = auditStreamOf(entry);
    const body: StoredBody = { s: stream, e: entry };
    await this.redis.ccAppendAudit(this.p, stream, String(entry.at), entry.actor, JSON.stringify(body), String(this.retention[stream].maxEntries));
  }

  async query(query: AuditQuery): Promise<AuditRecord[]> {
    const want = queryLimit(query);
    const keys = query.actor !== undefined ? [`${this.p}audit:a:${query.actor}`] : queryStreams(query).map((s) => `${this.p}audit:s:${s}`);
    const found: PositionedRecord[] = [];
    for (const key of keys) found.push(...(await this.scan(key, query, want)));
    return selectAudit(found, query);
  }

  /** Up to `want` matching records of one index, in the query's order. */
  private async scan(key: string, query: AuditQuery, want: number): Promise<PositionedRecord[]> {
    const newest = (query.order ?? 'newest') === 'newest';
    const after = query.after === undefined ? undefined : parseAuditId(query.after);
    let min = query.since === undefined ? '-inf' : String(query.since);
    let max = query.until === undefined ? '+inf' : `(${query.until}`;
    // The cursor's own millisecond is read again; selectAudit drops what is not after it.
    if (after !== undefined && newest && (query.until === undefined || after.at < query.until)) max = String(after.at);
    if (after !== undefined && !newest && (query.since === undefined || after.at > query.since)) min = String(after.at);
    const out: PositionedRecord[] = [];
    for (let offset = 0; out.length < want && offset < MAX_EXAMINED; offset += PAGE) {
      const ids = newest ? await this.redis.zrevrangebyscore(key, max, min, 'LIMIT', offset, PAGE) : await this.redis.zrangebyscore(key, min, max, 'LIMIT', offset, PAGE);
      if (ids.length === 0) break;
      for (const candidate of await this.read(ids)) {
        if (auditRecordMatches(candidate.record, query)) out.push(candidate);
      }
      if (ids.length < PAGE) break;
    }
    return out;
  }

  /** The records of `ids` still held, each with the entry exactly as it was appended. */
  private async read(ids: string[]): Promise<(PositionedRecord & { entry: AuditEntry })[]> {
    if (ids.length === 0) return [];
    const raws = await this.redis.hmget(`${this.p}audit:e`, ...ids);
    const out: (PositionedRecord & { entry: AuditEntry })[] = [];
    raws.forEach((raw, i) => {
      if (raw === null) return;
      const body = JSON.parse(raw) as StoredBody;
      const position = { at: body.e.at, seq: Number(ids[i]) };
      out.push({ position, record: { ...body.e, stream: body.s, id: auditId(position) }, entry: body.e });
    });
    return out;
  }

  async prune(now: number, limit: number): Promise<number> {
    let removed = 0;
    for (const stream of AUDIT_STREAMS) {
      if (removed >= limit) break;
      removed += await this.redis.ccPruneAudit(this.p, stream, String(now - this.retention[stream].maxAgeMs), String(limit - removed));
    }
    return removed;
  }

  async tail(count: number): Promise<AuditEntry[]> {
    if (count <= 0) return [];
    const ids: string[] = [];
    for (const stream of AUDIT_STREAMS) ids.push(...(await this.redis.zrevrange(`${this.p}audit:s:${stream}`, 0, count - 1)));
    const records = await this.read(ids);
    records.sort((a, b) => a.position.seq - b.position.seq);
    return records.slice(-count).map((r) => r.entry);
  }

  /** Moves the audit list of earlier versions (one capped list) into the streams, oldest first. */
  async importLegacyList(): Promise<number> {
    const legacy = `${this.p}audit`;
    if ((await this.redis.type(legacy)) !== 'list') return 0;
    let moved = 0;
    for (;;) {
      const batch = (await this.redis.lpop(legacy, LEGACY_BATCH)) ?? [];
      for (const line of batch) {
        await this.append(JSON.parse(line) as AuditEntry);
        moved++;
      }
      if (batch.length < LEGACY_BATCH) return moved;
    }
  }
}
