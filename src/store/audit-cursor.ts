/**
 * Audit record ids: the entry's time and its sequence number in the store. Records are ordered by
 * (time, sequence), so an id is also where a page ends and the next begins.
 */
export interface AuditPosition {
  at: number;
  seq: number;
}

export function auditId(position: AuditPosition): string {
  return `${position.at}-${position.seq}`;
}

/** The position an id names; undefined for an id this store did not make. */
export function parseAuditId(id: string): AuditPosition | undefined {
  const match = /^(-?\d+)-(\d+)$/.exec(id);
  if (match === null) return undefined;
  return { at: Number(match[1]), seq: Number(match[2]) };
}

/** Negative, zero or positive: the order of two positions. */
export function comparePositions(a: AuditPosition, b: AuditPosition): number {
  return a.at - b.at || a.seq - b.seq;
}
