import type { Database, Statement } from 'better-sqlite3';
import { AUDIT_STREAMS, auditStreamOf, queryLimit, queryStreams, type AuditEntry, type AuditQuery, type AuditRecord, type AuditRetention, type AuditStream } from '../../domain/audit.js';
import { auditId, parseAuditId } from '../audit-cursor.js';

interface AuditRow {
  seq: number;
  stream: AuditStream;
  at: number;
  entry: string;
}

/** The SQLite adapter's audit log: one row per entry (table `audit`, migrations.ts). */
export class SqliteAuditLog {
  private readonly insert: Statement;
  private readonly countOf: Statement;
  private readonly dropOldest: Statement;
  private readonly dropBefore: Statement;
  private readonly tailRows: Statement;
  /** Queries differ only in which filters they use: a few dozen shapes, each compiled once. */
  private readonly shapes = new Map<string, Statement>();

  constructor(
    private readonly db: Database,
    private readonly retention: Readonly<Record<AuditStream, AuditRetention>>,
  ) {
    this.insert = db.prepare('INSERT INTO audit (stream, at, actor, action, target, place, entry) VALUES (?, ?, ?, ?, ?, ?, ?)');
    this.countOf = db.prepare('SELECT n FROM audit_counts WHERE stream = ?').pluck();
    this.dropOldest = db.prepare('DELETE FROM audit WHERE seq IN (SELECT seq FROM audit WHERE stream = ? ORDER BY at, seq LIMIT ?)');
    this.dropBefore = db.prepare('DELETE FROM audit WHERE seq IN (SELECT seq FROM audit WHERE stream = ? AND at < ? ORDER BY at, seq LIMIT ?)');
    this.tailRows = db.prepare('SELECT entry FROM (SELECT seq, entry FROM audit ORDER BY seq DESC LIMIT ?) ORDER BY seq').pluck();
  }

  /** Appends and, when the stream is over its cap, drops that stream's oldest entries in the same transaction. */
  append(entry: AuditEntry): void {
    const stream = auditStreamOf(entry);
    this.db.transaction(() => {
      this.insert.run(stream, entry.at, entry.actor, entry.action, entry.target ?? null, entry.where ?? null, JSON.stringify(entry));
      const excess = Number(this.countOf.get(stream) ?? 0) - this.retention[stream].maxEntries;
      if (excess > 0) this.dropOldest.run(stream, excess);
    })();
  }

  query(query: AuditQuery): AuditRecord[] {
    const newest = (query.order ?? 'newest') === 'newest';
    const where: string[] = [];
    const params: (string | number)[] = [];
    const streams = queryStreams(query);
    if (streams.length < AUDIT_STREAMS.length) {
      where.push(`stream IN (${streams.map(() => '?').join(', ') || 'NULL'})`);
      params.push(...streams);
    }
    if (query.actor !== undefined) {
      where.push('actor = ?');
      params.push(query.actor);
    }
    if (query.action !== undefined) {
      // The action itself, or any below it: `emergency.` up to (not including) `emergency/`, the next character.
      where.push('(action = ? OR (action >= ? AND action < ?))');
      params.push(query.action, `${query.action}.`, `${query.action}/`);
    }
    if (query.target !== undefined) {
      where.push('target = ?');
      params.push(query.target);
    }
    if (query.since !== undefined) {
      where.push('at >= ?');
      params.push(query.since);
    }
    if (query.until !== undefined) {
      where.push('at < ?');
      params.push(query.until);
    }
    const after = query.after === undefined ? undefined : parseAuditId(query.after);
    if (after !== undefined) {
      where.push(newest ? '(at < ? OR (at = ? AND seq < ?))' : '(at > ? OR (at = ? AND seq > ?))');
      params.push(after.at, after.at, after.seq);
    }
    const direction = newest ? 'DESC' : 'ASC';
    const sql = `SELECT seq, stream, at, entry FROM audit ${where.length === 0 ? '' : `WHERE ${where.join(' AND ')}`} ORDER BY at ${direction}, seq ${direction} LIMIT ?`;
    let statement = this.shapes.get(sql);
    if (statement === undefined) {
      statement = this.db.prepare(sql);
      this.shapes.set(sql, statement);
    }
    const rows = statement.all(...params, queryLimit(query)) as AuditRow[];
    return rows.map((row) => ({ ...(JSON.parse(row.entry) as AuditEntry), stream: row.stream, id: auditId({ at: row.at, seq: row.seq }) }));
  }

  prune(now: number, limit: number): number {
    let removed = 0;
    for (const stream of AUDIT_STREAMS) {
      if (removed >= limit) break;
      removed += this.dropBefore.run(stream, now - this.retention[stream].maxAgeMs, limit - removed).changes;
    }
    return removed;
  }

  tail(count: number): AuditEntry[] {
    if (count <= 0) return [];
    return (this.tailRows.all(count) as string[]).map((entry) => JSON.parse(entry) as AuditEntry);
  }
}
