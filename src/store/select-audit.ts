import { actionMatches, queryLimit, queryStreams, type AuditQuery, type AuditRecord } from '../domain/audit.js';
import { comparePositions, parseAuditId, type AuditPosition } from './audit-cursor.js';

/** A candidate for an audit query: a record and its position. */
export interface PositionedRecord {
  position: AuditPosition;
  record: AuditRecord;
}

/** Whether a record passes a query's field and time filters (not its paging or limit). */
export function auditRecordMatches(record: AuditRecord, query: AuditQuery): boolean {
  return (
    queryStreams(query).includes(record.stream) &&
    (query.actor === undefined || record.actor === query.actor) &&
    (query.action === undefined || actionMatches(record.action, query.action)) &&
    (query.target === undefined || record.target === query.target) &&
    (query.since === undefined || record.at >= query.since) &&
    (query.until === undefined || record.at < query.until)
  );
}

/**
 * Applies a query's filters, order, cursor and limit to candidates (the memory adapter's whole
 * log, the Redis adapter's pre-selected page). Shared so both order and page alike.
 */
export function selectAudit(candidates: Iterable<PositionedRecord>, query: AuditQuery): AuditRecord[] {
  const newest = (query.order ?? 'newest') === 'newest';
  const after = query.after === undefined ? undefined : parseAuditId(query.after);
  const chosen: PositionedRecord[] = [];
  for (const candidate of candidates) {
    if (!auditRecordMatches(candidate.record, query)) continue;
    if (after !== undefined) {
      const order = comparePositions(candidate.position, after);
      if (newest ? order >= 0 : order <= 0) continue;
    }
    chosen.push(candidate);
  }
  chosen.sort((a, b) => (newest ? -1 : 1) * comparePositions(a.position, b.position));
  return chosen.slice(0, queryLimit(query)).map((c) => c.record);
}
