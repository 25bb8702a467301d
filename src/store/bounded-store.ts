import type { AuditEntry, AuditQuery, AuditRecord } from '../domain/audit.js';
import { AppError, isAppError } from '../domain/errors.js';
import type { Post, PostStatus } from '../domain/post.js';
import type { BackupResult, ClaimOptions, ClaimResult, PostQuery, PostUpdate, Store, StoreKind } from './store.js';

export interface BoundedStoreOptions {
  /** Longest any one call may take before it fails with STORE_UNAVAILABLE. */
  timeoutMs: number;
  /** How often a store that stopped answering is asked again (default 500 ms). */
  probeIntervalMs?: number;
  /** Told when the store stops or starts answering again. */
  onChange?: (up: boolean) => void;
}

/**
 * Every call to the store ends within `timeoutMs`, and while the store is known not to answer,
 * calls fail at once: a frozen Redis cannot hang `/readyz`, `/metrics`, the console or shutdown,
 * and the public pages fall back to their last view without waiting. A call that timed out may
 * still happen later (Redis runs what it received once it thaws); every caller already treats a
 * failed call like a crash at that point, which the outbox recovers from (ADR 0001).
 *
 * A timeout marks the store down; any other unexpected error asks it once (`ping`) and marks it
 * down only if that fails too, so a refused write is not mistaken for an outage. While down, a
 * probe pings every `probeIntervalMs` and the first answer brings it back.
 */
export class BoundedStore implements Store {
  readonly kind: StoreKind;
  readonly location: string;
  private down = false;
  /** The loop that pings a store known down until it answers. */
  private recovering: Promise<void> | undefined;
  /** A one-off ping after an unexpected error: is the store down, or was it just that call? */
  private checking: Promise<void> | undefined;
  private closed = false;
  readonly backup?: (file: string) => Promise<BackupResult>;

  constructor(
    private readonly inner: Store,
    private readonly options: BoundedStoreOptions,
  ) {
    this.kind = inner.kind;
    this.location = inner.location;
    const backup = inner.backup;
    // A backup copies the whole file: bounded by its own progress, not by the per-call timeout.
    if (backup !== undefined) this.backup = (file) => backup.call(inner, file);
  }

  /** Whether the store answered the last time it was asked. */
  get available(): boolean {
    return !this.down;
  }

  private call<T>(name: string, run: () => Promise<T>): Promise<T> {
    if (this.down) return Promise.reject(new AppError('STORE_UNAVAILABLE', `store (${this.kind}) is not answering; ${name} not attempted`));
    return this.bounded(name, run).catch((error: unknown) => {
      if (isAppError(error) && error.code === 'STORE_UNAVAILABLE') this.markDown();
      else if (!isAppError(error)) this.checkAfterError();
      throw error;
    });
  }

  private bounded<T>(name: string, run: () => Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new AppError('STORE_UNAVAILABLE', `store (${this.kind}) did not answer ${name} within ${this.options.timeoutMs} ms`)), this.options.timeoutMs);
      timer.unref();
    });
    let result: Promise<T>;
    try {
      result = run();
    } catch (error) {
      result = Promise.reject(error);
    }
    // A late rejection of the abandoned call must not become an unhandled rejection.
    result.catch(() => undefined);
    return Promise.race([result, timeout]).finally(() => clearTimeout(timer));
  }

  private markDown(): void {
    if (this.closed) return;
    if (!this.down) {
      this.down = true;
      this.options.onChange?.(false);
    }
    this.recovering ??= this.probe().finally(() => {
      this.recovering = undefined;
    });
  }

  private checkAfterError(): void {
    if (this.down || this.checking !== undefined || this.closed) return;
    this.checking = this.answers().then((ok) => {
      this.checking = undefined;
      if (!ok) this.markDown();
    });
  }

  private async probe(): Promise<void> {
    while (this.down && !this.closed) {
      if (await this.answers()) {
        this.down = false;
        this.options.onChange?.(true);
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, this.options.probeIntervalMs ?? 500).unref());
    }
  }

  private async answers(): Promise<boolean> {
    return this.bounded('ping', () => this.inner.ping()).catch(() => false);
  }

  /** The store's own answer within the timeout; false at once while it is known down. */
  async ping(): Promise<boolean> {
    if (this.down) return false;
    const ok = await this.answers();
    if (!ok) this.markDown();
    return ok;
  }

  /** Closes the inner store, giving it at most the timeout (a frozen Redis never acknowledges QUIT). */
  async close(): Promise<void> {
    this.closed = true;
    this.down = false;
    await this.bounded('close', () => this.inner.close()).catch(() => undefined);
  }

  enqueuePost(post: Post): Promise<boolean> {
    return this.call('enqueuePost', () => this.inner.enqueuePost(post));
  }
  getPost(id: string): Promise<Post | undefined> {
    return this.call('getPost', () => this.inner.getPost(id));
  }
  claimPosts(options: ClaimOptions): Promise<ClaimResult> {
    return this.call('claimPosts', () => this.inner.claimPosts(options));
  }
  updateClaimed(id: string, owner: string, update: PostUpdate, now: number): Promise<boolean> {
    return this.call('updateClaimed', () => this.inner.updateClaimed(id, owner, update, now));
  }
  updateUnclaimed(id: string, update: PostUpdate, now: number): Promise<Post | undefined> {
    return this.call('updateUnclaimed', () => this.inner.updateUnclaimed(id, update, now));
  }
  cancelGroup(group: string, now: number): Promise<number> {
    return this.call('cancelGroup', () => this.inner.cancelGroup(group, now));
  }
  listPosts(query: PostQuery): Promise<Post[]> {
    return this.call('listPosts', () => this.inner.listPosts(query));
  }
  pruneFinalPosts(before: number, limit: number): Promise<number> {
    return this.call('pruneFinalPosts', () => this.inner.pruneFinalPosts(before, limit));
  }
  countPosts(): Promise<Record<PostStatus, number>> {
    return this.call('countPosts', () => this.inner.countPosts());
  }
  getDoc<T>(collection: string, id: string): Promise<T | undefined> {
    return this.call('getDoc', () => this.inner.getDoc<T>(collection, id));
  }
  putDoc<T>(collection: string, id: string, value: T): Promise<void> {
    return this.call('putDoc', () => this.inner.putDoc(collection, id, value));
  }
  putDocIfAbsent<T>(collection: string, id: string, value: T): Promise<boolean> {
    return this.call('putDocIfAbsent', () => this.inner.putDocIfAbsent(collection, id, value));
  }
  deleteDoc(collection: string, id: string): Promise<void> {
    return this.call('deleteDoc', () => this.inner.deleteDoc(collection, id));
  }
  listDocs<T>(collection: string): Promise<T[]> {
    return this.call('listDocs', () => this.inner.listDocs<T>(collection));
  }
  acquireLease(name: string, owner: string, ttlMs: number, now: number): Promise<boolean> {
    return this.call('acquireLease', () => this.inner.acquireLease(name, owner, ttlMs, now));
  }
  releaseLease(name: string, owner: string): Promise<void> {
    return this.call('releaseLease', () => this.inner.releaseLease(name, owner));
  }
  takeSlot(key: string, limit: number, windowMs: number, now: number): Promise<{ taken: boolean; resetAt: number; used: number }> {
    return this.call('takeSlot', () => this.inner.takeSlot(key, limit, windowMs, now));
  }
  markSeen(ns: string, id: string, ttlMs: number, now: number): Promise<boolean> {
    return this.call('markSeen', () => this.inner.markSeen(ns, id, ttlMs, now));
  }
  hasSeen(ns: string, id: string, now: number): Promise<boolean> {
    return this.call('hasSeen', () => this.inner.hasSeen(ns, id, now));
  }
  incrementCounter(name: string, by: number): Promise<number> {
    return this.call('incrementCounter', () => this.inner.incrementCounter(name, by));
  }
  getCounters(prefix: string): Promise<Record<string, number>> {
    return this.call('getCounters', () => this.inner.getCounters(prefix));
  }
  appendAudit(entry: AuditEntry): Promise<void> {
    return this.call('appendAudit', () => this.inner.appendAudit(entry));
  }
  queryAudit(query: AuditQuery): Promise<AuditRecord[]> {
    return this.call('queryAudit', () => this.inner.queryAudit(query));
  }
  pruneAudit(now: number, limit: number): Promise<number> {
    return this.call('pruneAudit', () => this.inner.pruneAudit(now, limit));
  }
  tailAudit(count: number): Promise<AuditEntry[]> {
    return this.call('tailAudit', () => this.inner.tailAudit(count));
  }
}
