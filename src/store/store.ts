import type { AuditEntry } from '../domain/audit.js';
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
  limit?: number;
}

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
 * The durable state port. Every method is atomic on its own; the embedded adapter is single
 * process, the Redis adapter uses Lua scripts so several instances can share it.
 */
export interface Store {
  readonly kind: 'memory' | 'redis';

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
  appendAudit(entry: AuditEntry): Promise<void>;
  /** The newest `count` entries, oldest first. */
  tailAudit(count: number): Promise<AuditEntry[]>;

  /** Round trip to the backing store, for readiness. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}
