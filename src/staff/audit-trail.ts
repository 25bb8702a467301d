import type { AuditEntry, AuditStream } from '../domain/audit.js';
import type { Store } from '../store/store.js';

/** A staff-layer audit entry always names its stream. */
export type StreamedEntry = AuditEntry & { stream: AuditStream };

/**
 * The one place the staff layer writes and reads the audit log. Every entry names its stream, and
 * the store keeps each stream apart with its own retention, so what a person did stays readable
 * however many refused sign-ins (the security stream) or delivery records arrive.
 */
export async function recordAudit(store: Store, entry: StreamedEntry): Promise<void> {
  await store.appendAudit(entry);
}

/** The newest entries of a stream (at most `limit`), newest first. */
export async function readAudit(store: Store, stream: 'staff' | 'security', limit: number): Promise<AuditEntry[]> {
  return store.queryAudit({ stream, limit, order: 'newest' });
}
