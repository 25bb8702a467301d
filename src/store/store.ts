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
  /**
   * Channels whose queue is full, each with a rank: their posts of that rank or lower precedence
   * (fresh and expired alike) are left for a later claim, while posts that outrank everything the
   * queue holds are still claimed. A slow platform's backlog stays in the store, and a full queue
   * never holds back a danger reply.
   */
  busyChannels?: Readonly<Record<string, number>>;
}

/** One fixed window of a rate limit or budget: at most `limit` slots per `windowMs`. */
export interface SlotWindow {
  /** Counter name; windows with the same key share one counter whatever their limits. */
  key: string;
  /** Slots this taker may use in the window (a lower class gets less of the same counter). */
  limit: number;
  windowMs: number;
}

export interface SlotsDecision {
  taken: boolean;
  /** When refused: the latest reset among the full windows, the earliest time all could allow. */
  resetAt: number;
  /** When refused: the key of the window that refused (the one resetting last). */
  refusedBy?: string;
  /** Slots used in the refusing window (refused) or in the first window (taken). */
  used: number;
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
  /**
   * Claims up to `limit` posts: first those whose claim expired (recovered), then due pending
   * posts not awaiting approval, in strict precedence: lowest PRIORITY_RANK first, then earliest
   * due, then id (byte order). Every class in PRIORITY_RANK is claimable, so adding a class needs
   * no adapter change. Each claimed post gets `owner` and a lease of `leaseMs`.
   */
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
  /**
   * Takes one slot in every window at once, or none: if any window (counted in the window
   * containing `now`) has used its `limit`, nothing is taken. Shares counters with `takeSlot`.
   * Used before a send, so a slot refused by the per-minute limit does not spend the daily budget.
   */
  takeSlots(windows: readonly SlotWindow[], now: number): Promise<SlotsDecision>;
  /**
   * Gives back one slot of each window taken at `takenAt` (the send definitely did not happen), so
   * budgets count only what went out. A window that has since reset is left alone.
   */
  releaseSlots(windows: readonly Pick<SlotWindow, 'key' | 'windowMs'>[], takenAt: number): Promise<void>;
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
