import { AUDIT_STREAMS, auditStreamOf, DEFAULT_AUDIT_RETENTION, type AuditEntry, type AuditQuery, type AuditRecord, type AuditRetention, type AuditStream } from '../../domain/audit.js';
import { auditId } from '../audit-cursor.js';
import { selectAudit, type PositionedRecord } from '../select-audit.js';

interface Held {
  seq: number;
  entry: AuditEntry;
  stream: AuditStream;
}

/** The memory adapter's audit log: one bounded list per stream, in the order entries came. */
export class MemoryAuditLog {
  private seq = 0;
  private readonly streams = new Map<AuditStream, Held[]>(AUDIT_STREAMS.map((s) => [s, []]));

  constructor(private readonly retention: Readonly<Record<AuditStream, AuditRetention>> = DEFAULT_AUDIT_RETENTION) {}

  append(entry: AuditEntry): void {
    const stream = auditStreamOf(entry);
    const list = this.streams.get(stream) as Held[];
    list.push({ seq: ++this.seq, entry: structuredClone(entry), stream });
    const cap = this.retention[stream].maxEntries;
    if (list.length > cap) list.splice(0, list.length - cap);
  }

  query(query: AuditQuery): AuditRecord[] {
    return selectAudit(this.positioned(), query).map((r) => structuredClone(r));
  }

  prune(now: number, limit: number): number {
    let removed = 0;
    for (const [stream, list] of this.streams) {
      const before = now - this.retention[stream].maxAgeMs;
      const kept: Held[] = [];
      for (const held of list) {
        if (held.entry.at < before && removed < limit) removed++;
        else kept.push(held);
      }
      this.streams.set(stream, kept);
    }
    return removed;
  }

  /** The newest `count` entries of every stream, oldest first, as they were appended. */
  tail(count: number): AuditEntry[] {
    if (count <= 0) return [];
    const all = [...this.streams.values()].flat().sort((a, b) => a.seq - b.seq);
    return all.slice(-count).map((held) => structuredClone(held.entry));
  }

  private *positioned(): Generator<PositionedRecord> {
    for (const list of this.streams.values()) {
      for (const held of list) {
        const position = { at: held.entry.at, seq: held.seq };
        yield { position, record: { ...held.entry, stream: held.stream, id: auditId(position) } };
      }
    }
  }
}
