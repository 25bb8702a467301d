import fs from 'node:fs';
import path from 'node:path';
import { DEFAULT_AUDIT_RETENTION, type AuditEntry, type AuditQuery, type AuditRecord, type AuditRetention, type AuditStream } from '../../domain/audit.js';
import { isFinal, PRIORITY_RANK, type Post, type PostStatus } from '../../domain/post.js';
import { applyUpdate } from '../apply-update.js';
import { ProcessLeases } from '../process-leases.js';
import { selectPosts } from '../select-posts.js';
import type { ClaimOptions, ClaimResult, PostQuery, PostUpdate, Store } from '../store.js';
import { Journal } from './journal.js';
import { MemoryAuditLog } from './memory-audit-log.js';

type JournalRecord =
  | { p: Post }
  | { d: [string, string, unknown] }
  | { x: [string, string] }
  | { s: [string, number, number, number] }
  | { n: [string, number] }
  | { c: [string, number] }
  | { r: string };

const COMPACT_EVERY = 50_000;
const ALL_STATUSES: PostStatus[] = ['pending', 'claimed', 'attempting', 'sent', 'failed', 'cancelled', 'dropped'];

export interface MemoryStoreOptions {
  /**
   * The legacy journal (the embedded default before SQLite, ADR 0002): state survives restarts
   * through an append-only file. Kept so a journal can be imported into SQLite once
   * (`readOnly`) and as the baseline of `npm run bench`; the service no longer runs on it.
   */
  stateDir?: string;
  /** Load the journal without compacting or appending to it (import). */
  readOnly?: boolean;
  auditRetention?: Readonly<Record<AuditStream, AuditRetention>>;
}

/** Everything a journal holds, for a one-time import into another store. */
export interface MemoryStoreState {
  posts: Post[];
  docs: [collection: string, id: string, value: unknown][];
  slots: [key: string, windowStart: number, used: number, expires: number][];
  seen: [key: string, expires: number][];
  counters: [name: string, value: number][];
}

/**
 * State in memory, for unit tests (and, with `stateDir`, the legacy journal). One process owns
 * it; everything is lost with the process unless journaled.
 */
export class MemoryStore implements Store {
  readonly kind = 'memory' as const;
  readonly location: string;
  private readonly posts = new Map<string, Post>();
  private readonly docs = new Map<string, Map<string, unknown>>();
  /** Leases coordinate instances; this store has one process, so they live as long as it does. */
  private readonly leases = new ProcessLeases();
  private readonly slots = new Map<string, { windowStart: number; used: number; expires: number }>();
  private readonly seen = new Map<string, number>();
  private readonly counters = new Map<string, number>();
  private readonly audit: MemoryAuditLog;
  private readonly journal: Journal | undefined;
  private readonly auditFile: string | undefined;

  constructor(options: MemoryStoreOptions = {}) {
    this.audit = new MemoryAuditLog(options.auditRetention ?? DEFAULT_AUDIT_RETENTION);
    this.location = options.stateDir === undefined ? 'memory' : path.join(options.stateDir, 'state.jsonl');
    if (options.stateDir !== undefined) {
      if (options.readOnly !== true) fs.mkdirSync(options.stateDir, { recursive: true, mode: 0o700 });
      this.journal = new Journal(path.join(options.stateDir, 'state.jsonl'));
      this.load(options.readOnly === true, path.join(options.stateDir, 'audit.jsonl'));
      if (options.readOnly !== true) this.auditFile = path.join(options.stateDir, 'audit.jsonl');
    }
  }

  private load(readOnly: boolean, auditFile: string): void {
    const journal = this.journal;
    if (journal === undefined) return;
    journal.replay((record) => this.apply(record as JournalRecord));
    // Only one process owns an embedded store, so claims held by a previous (dead) process
    // can be taken over at once instead of waiting for their lease to run out.
    for (const post of this.posts.values()) {
      if (post.claimUntil !== undefined) post.claimUntil = 0;
    }
    if (!readOnly && fs.existsSync(auditFile)) fs.chmodSync(auditFile, 0o600);
    new Journal(auditFile).replay((entry) => this.audit.append(entry as AuditEntry));
    if (!readOnly) journal.compact(this.snapshot());
  }

  /** Everything held but the audit log (read that from the journal's audit file). */
  exportState(): MemoryStoreState {
    return {
      posts: [...this.posts.values()].map((p) => structuredClone(p)),
      docs: [...this.docs].flatMap(([name, items]) => [...items].map(([id, value]): [string, string, unknown] => [name, id, structuredClone(value)])),
      slots: [...this.slots].map(([key, s]): [string, number, number, number] => [key, s.windowStart, s.used, s.expires]),
      seen: [...this.seen],
      counters: [...this.counters],
    };
  }

  private apply(record: JournalRecord): void {
    if ('p' in record) this.posts.set(record.p.id, record.p);
    else if ('d' in record) this.collection(record.d[0]).set(record.d[1], record.d[2]);
    else if ('x' in record) this.collection(record.x[0]).delete(record.x[1]);
    else if ('s' in record) this.slots.set(record.s[0], { windowStart: record.s[1], used: record.s[2], expires: record.s[3] });
    else if ('n' in record) this.seen.set(record.n[0], record.n[1]);
    else if ('c' in record) this.counters.set(record.c[0], record.c[1]);
    else if ('r' in record) this.posts.delete(record.r);
  }

  private *snapshot(): Generator<JournalRecord> {
    for (const post of this.posts.values()) yield { p: post };
    for (const [name, items] of this.docs) for (const [id, value] of items) yield { d: [name, id, value] };
    for (const [key, slot] of this.slots) yield { s: [key, slot.windowStart, slot.used, slot.expires] };
    for (const [key, expires] of this.seen) yield { n: [key, expires] };
    for (const [key, value] of this.counters) yield { c: [key, value] };
  }

  private write(record: JournalRecord): void {
    const journal = this.journal;
    if (journal === undefined) return;
    journal.append(record);
    if (journal.lineCount > COMPACT_EVERY && journal.lineCount > 4 * this.posts.size) journal.compact(this.snapshot());
  }

  private savePost(post: Post): void {
    this.posts.set(post.id, post);
    this.write({ p: post });
  }

  private collection(name: string): Map<string, unknown> {
    let items = this.docs.get(name);
    if (items === undefined) {
      items = new Map();
      this.docs.set(name, items);
    }
    return items;
  }

  // --- outbox ---------------------------------------------------------------------------------

  async enqueuePost(post: Post): Promise<boolean> {
    if (this.posts.has(post.id)) return false;
    this.savePost(structuredClone(post));
    return true;
  }

  async getPost(id: string): Promise<Post | undefined> {
    const post = this.posts.get(id);
    return post === undefined ? undefined : structuredClone(post);
  }

  async claimPosts(options: ClaimOptions): Promise<ClaimResult> {
    const { now, limit, owner, leaseMs } = options;
    const recovered: Post[] = [];
    const due: Post[] = [];
    for (const post of this.posts.values()) {
      if (post.status === 'claimed' || post.status === 'attempting') {
        if ((post.claimUntil ?? 0) <= now && recovered.length < limit) recovered.push(post);
      } else if (post.status === 'pending' && post.awaitingApproval !== true && post.dueAt <= now) {
        due.push(post);
      }
    }
    // Same order as Redis sorted sets: priority, due time, then id bytes.
    due.sort((a, b) => PRIORITY_RANK[a.priority] - PRIORITY_RANK[b.priority] || a.dueAt - b.dueAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const fresh = due.slice(0, Math.max(0, limit - recovered.length));
    for (const post of recovered) {
      this.savePost({ ...post, claimOwner: owner, claimUntil: now + leaseMs, updatedAt: now });
    }
    for (const post of fresh) {
      this.savePost({ ...post, status: 'claimed', claimOwner: owner, claimUntil: now + leaseMs, updatedAt: now });
    }
    return {
      fresh: fresh.map((p) => structuredClone(this.posts.get(p.id) as Post)),
      recovered: recovered.map((p) => structuredClone(this.posts.get(p.id) as Post)),
    };
  }

  async updateClaimed(id: string, owner: string, update: PostUpdate, now: number): Promise<boolean> {
    const post = this.posts.get(id);
    if (post === undefined || post.claimOwner !== owner) return false;
    if (post.status !== 'claimed' && post.status !== 'attempting') return false;
    this.savePost(applyUpdate(post, update, now));
    return true;
  }

  async updateUnclaimed(id: string, update: PostUpdate, now: number): Promise<Post | undefined> {
    const post = this.posts.get(id);
    if (post === undefined || post.status === 'claimed' || post.status === 'attempting') return undefined;
    const next = applyUpdate(post, update, now);
    this.savePost(next);
    return structuredClone(next);
  }

  async cancelGroup(group: string, now: number): Promise<number> {
    let count = 0;
    for (const post of this.posts.values()) {
      if (post.group === group && post.status === 'pending') {
        this.savePost({ ...post, status: 'cancelled', updatedAt: now });
        count++;
      }
    }
    return count;
  }

  async listPosts(query: PostQuery): Promise<Post[]> {
    return selectPosts([...this.posts.values()], query).map((post) => structuredClone(post));
  }

  async pruneFinalPosts(before: number, limit: number): Promise<number> {
    let count = 0;
    for (const post of this.posts.values()) {
      if (count >= limit) break;
      if (isFinal(post.status) && post.updatedAt < before) {
        this.posts.delete(post.id);
        this.write({ r: post.id });
        count++;
      }
    }
    return count;
  }

  async countPosts(): Promise<Record<PostStatus, number>> {
    const counts = Object.fromEntries(ALL_STATUSES.map((s) => [s, 0])) as Record<PostStatus, number>;
    for (const post of this.posts.values()) counts[post.status]++;
    return counts;
  }

  // --- documents ------------------------------------------------------------------------------

  async getDoc<T>(collection: string, id: string): Promise<T | undefined> {
    const value = this.docs.get(collection)?.get(id);
    return value === undefined ? undefined : (structuredClone(value) as T);
  }

  async putDoc<T>(collection: string, id: string, value: T): Promise<void> {
    const copy = structuredClone(value);
    this.collection(collection).set(id, copy);
    this.write({ d: [collection, id, copy] });
  }

  async putDocIfAbsent<T>(collection: string, id: string, value: T): Promise<boolean> {
    if (this.collection(collection).has(id)) return false;
    await this.putDoc(collection, id, value);
    return true;
  }

  async deleteDoc(collection: string, id: string): Promise<void> {
    if (this.collection(collection).delete(id)) this.write({ x: [collection, id] });
  }

  async listDocs<T>(collection: string): Promise<T[]> {
    return [...(this.docs.get(collection)?.values() ?? [])].map((v) => structuredClone(v) as T);
  }

  // --- coordination ---------------------------------------------------------------------------

  async acquireLease(name: string, owner: string, ttlMs: number, now: number): Promise<boolean> {
    return this.leases.acquire(name, owner, ttlMs, now);
  }

  async releaseLease(name: string, owner: string): Promise<void> {
    this.leases.release(name, owner);
  }

  async takeSlot(key: string, limit: number, windowMs: number, now: number): Promise<{ taken: boolean; resetAt: number; used: number }> {
    const windowStart = now - (now % windowMs);
    const resetAt = windowStart + windowMs;
    const slot = this.slots.get(key);
    const used = slot !== undefined && slot.windowStart === windowStart ? slot.used : 0;
    if (used >= limit) return { taken: false, resetAt, used };
    this.slots.set(key, { windowStart, used: used + 1, expires: resetAt });
    this.write({ s: [key, windowStart, used + 1, resetAt] });
    return { taken: true, resetAt, used: used + 1 };
  }

  async markSeen(ns: string, id: string, ttlMs: number, now: number): Promise<boolean> {
    const key = `${ns}:${id}`;
    const expires = this.seen.get(key);
    if (expires !== undefined && expires > now) return false;
    this.seen.set(key, now + ttlMs);
    this.write({ n: [key, now + ttlMs] });
    if (this.seen.size % 1000 === 0) this.pruneSeen(now);
    return true;
  }

  async hasSeen(ns: string, id: string, now: number): Promise<boolean> {
    const expires = this.seen.get(`${ns}:${id}`);
    return expires !== undefined && expires > now;
  }

  private pruneSeen(now: number): void {
    for (const [key, expires] of this.seen) if (expires <= now) this.seen.delete(key);
    for (const [key, slot] of this.slots) if (slot.expires <= now) this.slots.delete(key);
  }

  async incrementCounter(name: string, by: number): Promise<number> {
    const value = (this.counters.get(name) ?? 0) + by;
    this.counters.set(name, value);
    this.write({ c: [name, value] });
    return value;
  }

  async getCounters(prefix: string): Promise<Record<string, number>> {
    const result: Record<string, number> = {};
    for (const [key, value] of this.counters) if (key.startsWith(prefix)) result[key] = value;
    return result;
  }

  // --- audit ----------------------------------------------------------------------------------

  async appendAudit(entry: AuditEntry): Promise<void> {
    this.audit.append(entry);
    if (this.auditFile !== undefined) fs.appendFileSync(this.auditFile, JSON.stringify(entry) + '\n', { mode: 0o600 });
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

  async ping(): Promise<boolean> {
    return true;
  }

  async close(): Promise<void> {
    this.journal?.close();
  }
}
