import { AUDIT_STREAMS, DEFAULT_AUDIT_RETENTION, type AuditRetention, type AuditStream } from '../domain/audit.js';
import type { CivicastConfig } from './schema.js';

/** `audit.retention` of the config over the defaults, per stream. */
export function auditRetentionOf(config: Pick<CivicastConfig, 'audit'>): Record<AuditStream, AuditRetention> {
  const out = { ...DEFAULT_AUDIT_RETENTION };
  for (const stream of AUDIT_STREAMS) {
    const given = config.audit.retention[stream];
    out[stream] = {
      maxAgeMs: given?.days === undefined ? DEFAULT_AUDIT_RETENTION[stream].maxAgeMs : given.days * 86_400_000,
      maxEntries: given?.maxEntries ?? DEFAULT_AUDIT_RETENTION[stream].maxEntries,
    };
  }
  return out;
}
