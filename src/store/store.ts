import type { AuditEntry, AuditQuery, AuditRecord } from '../domain/audit.js';
import type { Post, PostStatus } from '../domain/post.js';

/** Result of a claim: posts to send now, and posts whose earlier claim expired mid-attempt. */
export interface ClaimResult {
  /** Were `pending` and due: the platform has never been called for them. */
  fresh: Post[];
  /**
   * Their claim expired (the dispatcher that held them died). Those in status `attempting` may
   * or may not have reached the platform and must be reconciled before any resend.
   */
  recovered: Post[];
}

export interface ClaimOptions {
  now: number;
  limit: number;
  owner: string;
  leaseMs: number;
}

export interface PostQuery {
  status?: PostStatus;
  channel?: string;
  group?: string;
  /** Only posts that answer nobody (campaign and staff posts, not replies to citizens). */
  broadcastsOnly?: boolean;
  /** `due` (default): earliest due first, the queue's order. `recent`: last changed first, for history. */
  order?: 'due' | 'recent';
  /** Only posts last changed at or after this time (epoch ms). */
  since?: number;
  /** Only posts last changed before this time (epoch ms). */
  until?: number;
  limit?: number;
}

/** What a consistent copy of the store wrote. */
export interface BackupResult {
  file: string;
  bytes: number;
  tookMs: number;
}

export type StoreKind = 'memory' | 'redis' | 'sqlite';

/** A change to a post, applied only while `owner` still holds its claim (fencing). */
export interface PostUpdate {
  status?: PostStatus;
  attempts?: number;
  sentParts?: Post['sentParts'];
  lastError?: string;
  dueAt?: number;
  /** Extends the claim when set; clears it when the status leaves claimed/attempting. */
  claimUntil?: number;
  awaitingApproval?: boolean;
}

/**
 * The durable state port. Every method is atomic on its own. The embedded adapter (SQLite) is one
 * process's, locked against a second; the Redis adapter uses Lua scripts so several instances can
 * share it; the memory adapter is for unit tests. Every adapter passes `test/contract/store-contract.ts`.
 */
export interface Store {
  readonly kind: StoreKind;
  /** Where the state lives, for logs and `civicast status`: a file, a Redis URL without credentials, or `memory`. */
  readonly location: string;

  // --- outbox -------------------------------------------------------------------------------
  /** Adds a post unless one with the same id exists. Returns false for a duplicate. */
  enqueuePost(post: Post): Promise<boolean>;
  getPost(id: string): Promise<Post | undefined>;
  /** Claims due pending posts (priority first, then due time) and expired claims. */
  claimPosts(options: ClaimOptions): Promise<ClaimResult>;
  /**
   * Updates a claimed post if `owner` still holds the claim; returns false if the claim was lost
   * (another instance took over), in which case the caller must stop working on it.
   */
  updateClaimed(id: string, owner: string, update: PostUpdate, now: number): Promise<boolean>;
  /** Staff or system change outside a claim (cancel, retry, approve); refused for claimed posts. */
  updateUnclaimed(id: string, update: PostUpdate, now: number): Promise<Post | undefined>;
  /** Cancels every pending post of a group; returns how many. */
  cancelGroup(group: string, now: number): Promise<number>;
  listPosts(query: PostQuery): Promise<Post[]>;
  /** Deletes final posts (sent, failed, cancelled, dropped) last changed before `before`; returns how many. */
  pruneFinalPosts(before: number, limit: number): Promise<number>;
  countPosts(): Promise<Record<PostStatus, number>>;

  // --- documents (emergencies, schedules, inbox items, feed state, channel state) ---------------
  getDoc<T>(collection: string, id: string): Promise<T | undefined>;
  putDoc<T>(collection: string, id: string, value: T): Promise<void>;
  /** Writes only if absent; returns false if the id exists. */
  putDocIfAbsent<T>(collection: string, id: string, value: T): Promise<boolean>;
  deleteDoc(collection: string, id: string): Promise<void>;
  listDocs<T>(collection: string): Promise<T[]>;

  // --- coordination ----------------------------------------------------------------------------
  /** Acquires or renews a named lease for `owner`; true while `owner` holds it. */
  acquireLease(name: string, owner: string, ttlMs: number, now: number): Promise<boolean>;
  releaseLease(name: string, owner: string): Promise<void>;
  /**
   * Takes one slot of a fixed-window counter if fewer than `limit` were taken in the window
   * containing `now`. Returns whether a slot was taken and when the window resets.
   */
  takeSlot(key: string, limit: number, windowMs: number, now: number): Promise<{ taken: boolean; resetAt: number; used: number }>;
  /** Remembers `id` in namespace `ns` for `ttlMs`; true the first time (dedupe across instances). */
  markSeen(ns: string, id: string, ttlMs: number, now: number): Promise<boolean>;
  /** Whether `id` was marked in `ns` and has not expired; changes nothing. */
  hasSeen(ns: string, id: string, now: number): Promise<boolean>;
  /** Adds to a named counter (statistics). */
  incrementCounter(name: string, by: number): Promise<number>;
  getCounters(prefix: string): Promise<Record<string, number>>;

  // --- audit -----------------------------------------------------------------------------------
  /**
   * Appends to the entry's stream (`entry.stream`, else `auditStreamOf(entry)`). When a stream
   * holds more than its retention's `maxEntries`, its oldest entries go; other streams are untouched.
   */
  appendAudit(entry: AuditEntry): Promise<void>;
  /** Entries matching every filter of `query`, in its order (newest first by default), at most `limit`. */
  queryAudit(query: AuditQuery): Promise<AuditRecord[]>;
  /** Deletes entries older than their stream's retention `maxAgeMs` (at most `limit`); returns how many. */
  pruneAudit(now: number, limit: number): Promise<number>;
  /** The newest `count` entries of every stream, oldest first (the CLI's `audit tail`). */
  tailAudit(count: number): Promise<AuditEntry[]>;

  /**
   * Writes a consistent copy of the whole state to `file` while the store stays in use. Only
   * adapters that own their files have it (SQLite); Redis is backed up with its own persistence.
   */
  backup?(file: string): Promise<BackupResult>;

  /** Round trip to the backing store, for readiness. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}
