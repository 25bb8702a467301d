import fs from 'node:fs';
import path from 'node:path';
import Database, { type Database as Db, type Statement } from 'better-sqlite3';
import { DEFAULT_AUDIT_RETENTION, type AuditEntry, type AuditQuery, type AuditRecord, type AuditRetention, type AuditStream } from '../../domain/audit.js';
import { AppError } from '../../domain/errors.js';
import { PRIORITY_RANK, type Post, type PostStatus, type Priority } from '../../domain/post.js';
import { applyUpdate } from '../apply-update.js';
import { ProcessLeases } from '../process-leases.js';
import type { MemoryStoreState } from '../memory/memory-store.js';
import type { BackupResult, ClaimOptions, ClaimResult, PostQuery, PostUpdate, Store } from '../store.js';
import { migrate } from './migrations.js';
import { SqliteAuditLog } from './sqlite-audit-log.js';

const ALL_STATUSES: PostStatus[] = ['pending', 'claimed', 'attempting', 'sent', 'failed', 'cancelled', 'dropped'];
const FINAL_STATUSES = "('sent', 'failed', 'cancelled', 'dropped')";
/** Facts about the database itself (the journal import), beside the service's own documents. */
const META = '_meta';
/** A list without a limit stops here, as the Redis adapter's does. */
const LIST_CAP = 5_000;
/** Expired seen marks and rate windows are swept after this many new ones. */
const SWEEP_EVERY = 1_000;

export interface SqliteStoreOptions {
  /** The database file, or `:memory:` (tools and tests: nothing survives the process). */
  file: string;
  /**
   * `NORMAL` (default): every committed change is in the kernel before the call returns, so a
   * crash or SIGKILL of the process loses nothing; a power cut or kernel crash may lose the last
   * changes before a checkpoint (the guarantee the journal store had, and Redis with
   * `appendfsync everysec`). `FULL`: an fsync per commit, so a power cut loses nothing either, at
   * a large cost in writes per second (`npm run bench`). `OFF`: test fixtures only.
   */
  synchronous?: 'FULL' | 'NORMAL' | 'OFF';
  auditRetention?: Readonly<Record<AuditStream, AuditRetention>>;
}

/** Thrown when another process holds the database: two writers would each think they own the outbox. */
export class StateLockedError extends AppError {
  constructor(file: string) {
    super('CONFLICT', `${file} is in use by another civicast process. Only one service may run on an embedded state directory: stop the other one (or give this one its own STATE_DIR; several instances need REDIS_URL).`, { retryable: false });
    this.name = 'StateLockedError';
  }
}

interface PostRow {
  body: string;
}

/**
 * The embedded store: one SQLite file in WAL mode, opened with an exclusive lock that the kernel
 * releases when the process dies, so a second process on the same state refuses to start while a
 * crashed one never blocks the next start. Nothing grows in memory with history; every call is
 * one transaction, so a crash leaves the state before or after it, never half of it.
 */
export class SqliteStore implements Store {
  readonly kind = 'sqlite' as const;
  readonly location: string;
  private readonly db: Db;
  private readonly audit: SqliteAuditLog;
  /** Leases coordinate instances; this store has one process, so they live as long as it does. */
  private readonly leases = new ProcessLeases();
  private readonly rankGroups: Priority[][];
  private writesSinceSweep = 0;
  private readonly q: Statements;
  private readonly claimByRank: Statement[];
  /** listPosts compiles one statement per combination of filters, once. */
  private readonly listShapes = new Map<string, Statement>();

  constructor(options: SqliteStoreOptions) {
    const inMemory = options.file === ':memory:';
    this.location = inMemory ? ':memory:' : path.resolve(options.file);
    if (!inMemory) {
      // The database holds platform sessions and the audit log: owner-only, like every state file.
      // SQLite gives its -wal file the database file's mode.
      fs.mkdirSync(path.dirname(this.location), { recursive: true, mode: 0o700 });
      fs.closeSync(fs.openSync(this.location, 'a', 0o600));
      fs.chmodSync(this.location, 0o600);
    }
    // No busy wait: a locked database is another live process, and waiting would not help.
    this.db = new Database(this.location, { timeout: 0 });
    try {
      // Exclusive before WAL: the lock is held from the first write until close, and WAL then
      // needs no shared-memory file.
      this.db.pragma('locking_mode = EXCLUSIVE');
      this.db.pragma('journal_mode = WAL');
      this.db.pragma(`synchronous = ${options.synchronous ?? 'NORMAL'}`);
      migrate(this.db, this.location);
      this.db.exec('BEGIN IMMEDIATE; COMMIT');
    } catch (error) {
      this.db.close();
      if ((error as { code?: string }).code === 'SQLITE_BUSY') throw new StateLockedError(this.location);
      throw error;
    }
    this.audit = new SqliteAuditLog(this.db, options.auditRetention ?? DEFAULT_AUDIT_RETENTION);
    // Claim order comes from PRIORITY_RANK, so a new priority class needs no change here.
    const ranks = [...new Set(Object.values(PRIORITY_RANK))].sort((a, b) => a - b);
    this.rankGroups = ranks.map((rank) => (Object.keys(PRIORITY_RANK) as Priority[]).filter((p) => PRIORITY_RANK[p] === rank));
    this.q = prepareStatements(this.db);
    this.claimByRank = this.rankGroups.map((group) =>
      this.db.prepare(`SELECT body FROM posts WHERE status = 'pending' AND awaiting = 0 AND priority IN (${group.map(() => '?').join(', ')}) AND due_at <= ? ORDER BY due_at, id LIMIT ?`),
    );
    // Claims held by a previous process on this file died with it (the lock proves it): they can
    // be taken over at once instead of after their lease.
    this.db.exec("UPDATE posts SET claim_until = 0, body = json_set(body, '$.claimUntil', 0) WHERE status IN ('claimed', 'attempting') AND claim_until IS NOT NULL");
  }

  // --- outbox ---------------------------------------------------------------------------------

  async enqueuePost(post: Post): Promise<boolean> {
    return this.q.insert.run(postRow(post)).changes === 1;
  }

  async getPost(id: string): Promise<Post | undefined> {
    return this.readPost(id);
  }

  private readPost(id: string): Post | undefined {
    const row = this.q.get.get(id) as PostRow | undefined;
    return row === undefined ? undefined : (JSON.parse(row.body) as Post);
  }

  private savePost(post: Post): void {
    this.q.update.run(postRow(post));
  }

  async claimPosts(options: ClaimOptions): Promise<ClaimResult> {
    return this.db.transaction((): ClaimResult => {
      const { now, limit, owner, leaseMs } = options;
      const claimUntil = now + leaseMs;
      const recovered = (this.q.expired.all(now, limit) as PostRow[]).map((row) => {
        const post: Post = { ...(JSON.parse(row.body) as Post), claimOwner: owner, claimUntil, updatedAt: now };
        this.savePost(post);
        return post;
      });
      const fresh: Post[] = [];
      for (const [i, group] of this.rankGroups.entries()) {
        const remaining = limit - recovered.length - fresh.length;
        if (remaining <= 0) break;
        const rows = (this.claimByRank[i] as Statement).all(...group, now, remaining) as PostRow[];
        for (const row of rows) {
          const post: Post = { ...(JSON.parse(row.body) as Post), status: 'claimed', claimOwner: owner, claimUntil, updatedAt: now };
          this.savePost(post);
          fresh.push(post);
        }
      }
      return { fresh, recovered };
    })();
  }

  async updateClaimed(id: string, owner: string, update: PostUpdate, now: number): Promise<boolean> {
    return this.db.transaction((): boolean => {
      const post = this.readPost(id);
      if (post === undefined || post.claimOwner !== owner) return false;
      if (post.status !== 'claimed' && post.status !== 'attempting') return false;
      this.savePost(applyUpdate(post, update, now));
      return true;
    })();
  }

  async updateUnclaimed(id: string, update: PostUpdate, now: number): Promise<Post | undefined> {
    return this.db.transaction((): Post | undefined => {
      const post = this.readPost(id);
      if (post === undefined || post.status === 'claimed' || post.status === 'attempting') return undefined;
      const next = applyUpdate(post, update, now);
      this.savePost(next);
      return next;
    })();
  }

  async cancelGroup(group: string, now: number): Promise<number> {
    return this.db.transaction((): number => {
      const rows = this.q.groupPending.all(group) as PostRow[];
      for (const row of rows) this.savePost({ ...(JSON.parse(row.body) as Post), status: 'cancelled', updatedAt: now });
      return rows.length;
    })();
  }

  async listPosts(query: PostQuery): Promise<Post[]> {
    const where: string[] = [];
    const params: (string | number)[] = [];
    const filter = (sql: string, value: string | number | undefined) => {
      if (value === undefined) return;
      where.push(sql);
      params.push(value);
    };
    filter('status = ?', query.status);
    filter('channel = ?', query.channel);
    filter('grp = ?', query.group);
    filter('updated_at >= ?', query.since);
    filter('updated_at < ?', query.until);
    if (query.broadcastsOnly === true) where.push('broadcast = 1');
    const order = query.order === 'recent' ? 'updated_at DESC, id' : 'due_at, id';
    const sql = `SELECT body FROM posts ${where.length === 0 ? '' : `WHERE ${where.join(' AND ')}`} ORDER BY ${order} LIMIT ?`;
    let statement = this.listShapes.get(sql);
    if (statement === undefined) {
      statement = this.db.prepare(sql);
      this.listShapes.set(sql, statement);
    }
    const rows = statement.all(...params, query.limit ?? LIST_CAP) as PostRow[];
    return rows.map((row) => JSON.parse(row.body) as Post);
  }

  async pruneFinalPosts(before: number, limit: number): Promise<number> {
    return this.q.prune.run(before, limit).changes;
  }

  async countPosts(): Promise<Record<PostStatus, number>> {
    const counts = Object.fromEntries(ALL_STATUSES.map((s) => [s, 0])) as Record<PostStatus, number>;
    for (const row of this.q.counts.all() as { status: PostStatus; n: number }[]) counts[row.status] = row.n;
    return counts;
  }

  // --- documents ------------------------------------------------------------------------------

  async getDoc<T>(collection: string, id: string): Promise<T | undefined> {
    const value = this.q.getDoc.get(collection, id) as string | undefined;
    return value === undefined ? undefined : (JSON.parse(value) as T);
  }

  async putDoc<T>(collection: string, id: string, value: T): Promise<void> {
    this.q.putDoc.run(collection, id, JSON.stringify(value), Date.now());
  }

  async putDocIfAbsent<T>(collection: string, id: string, value: T): Promise<boolean> {
    return this.q.putDocIfAbsent.run(collection, id, JSON.stringify(value), Date.now()).changes === 1;
  }

  async deleteDoc(collection: string, id: string): Promise<void> {
    this.q.deleteDoc.run(collection, id);
  }

  async listDocs<T>(collection: string): Promise<T[]> {
    return (this.q.listDocs.all(collection) as string[]).map((value) => JSON.parse(value) as T);
  }

  // --- coordination ---------------------------------------------------------------------------

  async acquireLease(name: string, owner: string, ttlMs: number, now: number): Promise<boolean> {
    return this.leases.acquire(name, owner, ttlMs, now);
  }

  async releaseLease(name: string, owner: string): Promise<void> {
    this.leases.release(name, owner);
  }

  async takeSlot(key: string, limit: number, windowMs: number, now: number): Promise<{ taken: boolean; resetAt: number; used: number }> {
    return this.db.transaction(() => {
      const windowStart = now - (now % windowMs);
      const resetAt = windowStart + windowMs;
      const slot = this.q.getSlot.get(key) as { windowStart: number; used: number } | undefined;
      const used = slot !== undefined && slot.windowStart === windowStart ? slot.used : 0;
      if (used >= limit) return { taken: false, resetAt, used };
      this.q.putSlot.run(key, windowStart, used + 1, resetAt);
      this.sweep(now);
      return { taken: true, resetAt, used: used + 1 };
    })();
  }

  async markSeen(ns: string, id: string, ttlMs: number, now: number): Promise<boolean> {
    return this.db.transaction(() => {
      const key = `${ns}:${id}`;
      const expires = this.q.getSeen.get(key) as number | undefined;
      if (expires !== undefined && expires > now) return false;
      this.q.putSeen.run(key, now + ttlMs);
      this.sweep(now);
      return true;
    })();
  }

  async hasSeen(ns: string, id: string, now: number): Promise<boolean> {
    const expires = this.q.getSeen.get(`${ns}:${id}`) as number | undefined;
    return expires !== undefined && expires > now;
  }

  /** Expired marks and windows are deleted now and then, so they do not pile up. */
  private sweep(now: number): void {
    if (++this.writesSinceSweep < SWEEP_EVERY) return;
    this.writesSinceSweep = 0;
    this.q.sweepSeen.run(now);
    this.q.sweepSlots.run(now);
  }

  async incrementCounter(name: string, by: number): Promise<number> {
    return Number(this.q.increment.get(name, by));
  }

  async getCounters(prefix: string): Promise<Record<string, number>> {
    const result: Record<string, number> = {};
    for (const row of this.q.counters.all(prefix, prefix) as { name: string; value: number }[]) result[row.name] = row.value;
    return result;
  }

  // --- audit ----------------------------------------------------------------------------------

  async appendAudit(entry: AuditEntry): Promise<void> {
    this.audit.append(entry);
  }

  async queryAudit(query: AuditQuery): Promise<AuditRecord[]> {
    return this.audit.query(query);
  }

  async pruneAudit(now: number, limit: number): Promise<number> {
    return this.audit.prune(now, limit);
  }

  async tailAudit(count: number): Promise<AuditEntry[]> {
    return this.audit.tail(count);
  }

  // --- operations -----------------------------------------------------------------------------

  /** Whether `importState` ran on this database (the journal import is done once). */
  hasImportedJournal(): boolean {
    return this.q.getDoc.get(META, 'journal-import') !== undefined;
  }

  /** Writes a journal's whole state, and the mark that it was imported, in one transaction. */
  importState(state: MemoryStoreState, audit: readonly AuditEntry[], now: number): void {
    this.db.transaction(() => {
      for (const post of state.posts) this.q.insert.run(postRow(post));
      for (const [collection, id, value] of state.docs) this.q.putDoc.run(collection, id, JSON.stringify(value), now);
      for (const [key, windowStart, used, expires] of state.slots) this.q.putSlot.run(key, windowStart, used, expires);
      for (const [key, expires] of state.seen) this.q.putSeen.run(key, expires);
      for (const [name, value] of state.counters) this.q.increment.get(name, value);
      for (const entry of audit) this.audit.append(entry);
      this.q.putDoc.run(META, 'journal-import', JSON.stringify({ at: now, posts: state.posts.length, docs: state.docs.length, audit: audit.length }), now);
    })();
  }

  /** SQLite's online backup: a consistent copy page by page while the service keeps writing. */
  async backup(file: string): Promise<BackupResult> {
    const target = path.resolve(file);
    if (fs.existsSync(target)) throw new AppError('CONFLICT', `${target} exists; choose a new file name (a backup never overwrites)`);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    const partial = `${target}.partial`;
    const started = Date.now();
    fs.rmSync(partial, { force: true });
    await this.db.backup(partial);
    fs.renameSync(partial, target);
    return { file: target, bytes: fs.statSync(target).size, tookMs: Date.now() - started };
  }

  async ping(): Promise<boolean> {
    return this.db.open;
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}

/** Every fixed statement, compiled once per connection. */
function prepareStatements(db: Db) {
  const columns = 'id, status, priority, due_at, created_at, updated_at, channel, grp, broadcast, awaiting, claim_owner, claim_until, body';
  return {
    insert: db.prepare(`INSERT OR IGNORE INTO posts (${columns}) VALUES (@id, @status, @priority, @due_at, @created_at, @updated_at, @channel, @grp, @broadcast, @awaiting, @claim_owner, @claim_until, @body)`),
    update: db.prepare('UPDATE posts SET status = @status, due_at = @due_at, updated_at = @updated_at, awaiting = @awaiting, claim_owner = @claim_owner, claim_until = @claim_until, body = @body WHERE id = @id'),
    get: db.prepare('SELECT body FROM posts WHERE id = ?'),
    expired: db.prepare("SELECT body FROM posts WHERE status IN ('claimed', 'attempting') AND claim_until <= ? ORDER BY claim_until LIMIT ?"),
    groupPending: db.prepare("SELECT body FROM posts WHERE grp = ? AND status = 'pending'"),
    prune: db.prepare(`DELETE FROM posts WHERE id IN (SELECT id FROM posts WHERE status IN ${FINAL_STATUSES} AND updated_at < ? LIMIT ?)`),
    counts: db.prepare('SELECT status, n FROM post_counts'),
    getDoc: db.prepare('SELECT value FROM docs WHERE collection = ? AND id = ?').pluck(),
    putDoc: db.prepare('INSERT INTO docs (collection, id, value, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT (collection, id) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at'),
    putDocIfAbsent: db.prepare('INSERT OR IGNORE INTO docs (collection, id, value, updated_at) VALUES (?, ?, ?, ?)'),
    deleteDoc: db.prepare('DELETE FROM docs WHERE collection = ? AND id = ?'),
    listDocs: db.prepare('SELECT value FROM docs WHERE collection = ? ORDER BY id').pluck(),
    getSlot: db.prepare('SELECT window_start AS windowStart, used FROM slots WHERE key = ?'),
    putSlot: db.prepare('INSERT INTO slots (key, window_start, used, expires) VALUES (?, ?, ?, ?) ON CONFLICT (key) DO UPDATE SET window_start = excluded.window_start, used = excluded.used, expires = excluded.expires'),
    getSeen: db.prepare('SELECT expires FROM seen WHERE key = ?').pluck(),
    putSeen: db.prepare('INSERT INTO seen (key, expires) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET expires = excluded.expires'),
    sweepSeen: db.prepare('DELETE FROM seen WHERE key IN (SELECT key FROM seen WHERE expires <= ? LIMIT 5000)'),
    sweepSlots: db.prepare('DELETE FROM slots WHERE key IN (SELECT key FROM slots WHERE expires <= ? LIMIT 5000)'),
    increment: db.prepare('INSERT INTO counters (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = value + excluded.value RETURNING value').pluck(),
    counters: db.prepare('SELECT name, value FROM counters WHERE substr(name, 1, length(?)) = ?'),
  };
}

type Statements = ReturnType<typeof prepareStatements>;

/** A post as a row: the whole post as JSON, and the fields the queue and history are read by. */
function postRow(post: Post): Record<string, string | number | null> {
  return {
    id: post.id,
    status: post.status,
    priority: post.priority,
    due_at: post.dueAt,
    created_at: post.createdAt,
    updated_at: post.updatedAt,
    channel: post.channel,
    grp: post.group ?? null,
    broadcast: post.replyTo === undefined ? 1 : 0,
    awaiting: post.awaitingApproval === true ? 1 : 0,
    claim_owner: post.claimOwner ?? null,
    claim_until: post.claimUntil ?? null,
    body: JSON.stringify(post),
  };
}
