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
  /** Unset: derived from the action and actor by `auditStreamOf`. */
  stream?: AuditStream;
}

/** An entry as the store returns it: with its stream and a stable id (also the paging cursor). */
export interface AuditRecord extends AuditEntry {
  stream: AuditStream;
  /** Opaque, unique, and ordered like the entries; pass as `AuditQuery.after` to read the next page. */
  id: string;
}

/** A read of the audit log. Every filter is optional; all given filters must match. */
export interface AuditQuery {
  /** One stream or several; unset = every stream. */
  stream?: AuditStream | readonly AuditStream[];
  /** Exact actor, e.g. `user:maria`. */
  actor?: string;
  /** An action or a family of actions: `emergency` matches `emergency` and `emergency.declare`. */
  action?: string;
  /** Exact target (post id, emergency id, user name). */
  target?: string;
  /** Entries at or after this time (epoch ms). */
  since?: number;
  /** Entries before this time (epoch ms). */
  until?: number;
  /** At most this many (default 100, at most 1000). */
  limit?: number;
  /** `newest` (default) or `oldest` first. */
  order?: 'newest' | 'oldest';
  /** Continue after this record id, in the query's order (paging). */
  after?: string;
}

/** How long one stream keeps its entries, and how many at most (the oldest go first). */
export interface AuditRetention {
  maxAgeMs: number;
  maxEntries: number;
}

const DAY = 86_400_000;

/** Defaults: staff actions for a year; delivery records, which a storm multiplies, for a month. */
export const DEFAULT_AUDIT_RETENTION: Readonly<Record<AuditStream, AuditRetention>> = {
  staff: { maxAgeMs: 365 * DAY, maxEntries: 200_000 },
  security: { maxAgeMs: 90 * DAY, maxEntries: 100_000 },
  delivery: { maxAgeMs: 30 * DAY, maxEntries: 200_000 },
  system: { maxAgeMs: 90 * DAY, maxEntries: 100_000 },
};

export const AUDIT_QUERY_DEFAULT_LIMIT = 100;
export const AUDIT_QUERY_MAX_LIMIT = 1000;

const SECURITY_ACTIONS = ['console.login', 'console.logout', 'auth', 'security', 'session', 'token'];

/**
 * The stream of an entry that does not name one. Unknown actors go to `staff`: an entry that is
 * misfiled there is kept longest, never crowded out.
 */
export function auditStreamOf(entry: AuditEntry): AuditStream {
  if (entry.stream !== undefined) return entry.stream;
  if (SECURITY_ACTIONS.some((family) => actionMatches(entry.action, family))) return 'security';
  if (entry.actor.startsWith('dispatcher:')) return 'delivery';
  if (entry.actor === 'system' || entry.actor.startsWith('feed:')) return 'system';
  return 'staff';
}

/** `family` matches itself and every action below it (`post` matches `post.sent`, not `poster`). */
export function actionMatches(action: string, family: string): boolean {
  return action === family || action.startsWith(`${family}.`);
}

/** The streams a query reads. */
export function queryStreams(query: AuditQuery): readonly AuditStream[] {
  if (query.stream === undefined) return AUDIT_STREAMS;
  return typeof query.stream === 'string' ? [query.stream] : query.stream;
}

/** The limit a query asks for, within bounds. */
export function queryLimit(query: AuditQuery): number {
  const limit = query.limit ?? AUDIT_QUERY_DEFAULT_LIMIT;
  return Math.max(1, Math.min(AUDIT_QUERY_MAX_LIMIT, Math.floor(limit)));
}
