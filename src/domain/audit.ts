/**
 * Streams keep kinds of audit entries apart, each with its own retention, so that a flood of one
 * kind (failed sign-ins during an attack, delivery records during a storm) can never push another
 * kind (what staff did) out of the log.
 * - `staff`: what a person did (declare, lift, pause, post, schedule, approve, answer).
 * - `security`: sign-in, sign-out, refusals, limits: what an attacker can make a lot of.
 * - `delivery`: the dispatcher's record of every post attempt and result.
 * - `system`: what the service did on its own (feed signals, campaigns, expiry).
 */
export type AuditStream = 'staff' | 'security' | 'delivery' | 'system';

export const AUDIT_STREAMS: readonly AuditStream[] = ['staff', 'security', 'delivery', 'system'];

/** One line of the append-only audit log: who did what, when, and where. */
export interface AuditEntry {
  at: number;
  /** `user:<name>`, `service:<name>`, `system`, `feed:<id>`, `dispatcher:<instance>`. */
  actor: string;
  action: string;
  /** What it was done to: a post id, emergency id, channel, schedule id. */
  target?: string;
  /** Channel or surface where it happened. */
  where?: string;
  detail?: Readonly<Record<string, unknown>>;
  /** Unset: derived from the action and actor. */
  stream?: AuditStream;
}
