import type { AuditEntry, AuditStream } from '../domain/audit.js';
import type { Store } from '../store/store.js';

/** A staff-layer audit entry always names its stream. */
export type StreamedEntry = AuditEntry & { stream: AuditStream };

/** The security stream's ring: the newest this many entries are kept. */
const SECURITY_RING = 10_000;
const SECURITY_COLLECTION = 'audit-security';
const SECURITY_SEQ = 'audit.security.seq';

/**
 * The one place the staff layer writes and reads the audit log, so that what a person did stays
 * readable however many refused sign-ins arrive.
 *
 * On this branch the store has one audit list; security events (sign-ins, refusals, limits:
 * what an attacker can make many of) go to a bounded ring of their own (the newest 10,000), and
 * everything else to the store's audit log. When the store keeps streams itself
 * (`appendAudit` honouring `entry.stream`, `queryAudit({ stream })`), these two functions become
 * calls to it and nothing else changes.
 */
export async function recordAudit(store: Store, entry: StreamedEntry): Promise<void> {
  if (entry.stream !== 'security') {
    await store.appendAudit(entry);
    return;
  }
  const seq = await store.incrementCounter(SECURITY_SEQ, 1);
  await store.putDoc(SECURITY_COLLECTION, String(seq % SECURITY_RING), { ...entry, seq });
}

/** The newest entries of a stream (at most `limit`), newest first. */
export async function readAudit(store: Store, stream: 'staff' | 'security', limit: number): Promise<AuditEntry[]> {
  if (stream === 'security') {
    const ring = await store.listDocs<AuditEntry & { seq: number }>(SECURITY_COLLECTION);
    return ring
      .sort((a, b) => b.seq - a.seq)
      .slice(0, limit)
      .map(({ seq: _seq, ...entry }) => entry);
  }
  // The store's log also holds delivery and system records; staff actions are the rest.
  const all = await store.tailAudit(Math.max(limit * 4, 5_000));
  return all.filter((e) => streamOf(e) === 'staff').reverse().slice(0, limit);
}

/** The stream of an entry written before entries named theirs (or by a domain service). */
export function streamOf(entry: AuditEntry): AuditStream {
  if (entry.stream !== undefined) return entry.stream;
  if (/^console\.log(in|out)/.test(entry.action)) return 'security';
  if (entry.actor.startsWith('dispatcher:')) return 'delivery';
  if (entry.actor === 'system' || entry.actor.startsWith('feed:')) return 'system';
  return 'staff';
}
