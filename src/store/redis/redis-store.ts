import { Redis } from 'ioredis';
import { DEFAULT_AUDIT_RETENTION, type AuditEntry, type AuditQuery, type AuditRecord, type AuditRetention, type AuditStream } from '../../domain/audit.js';
import { PRIORITY_RANK, type Post, type PostStatus } from '../../domain/post.js';
import { selectPosts } from '../select-posts.js';
import type { ClaimOptions, ClaimResult, PostQuery, PostUpdate, Store } from '../store.js';
import { RedisAuditLog } from './redis-audit-log.js';
import * as scripts from './scripts.js';

const ALL_STATUSES: PostStatus[] = ['pending', 'claimed', 'attempting', 'sent', 'failed', 'cancelled', 'dropped'];
/** The layout version of this adapter's keys; `migrate` brings older layouts up to it. */
const SCHEMA_VERSION = 1;
const LIST_SCAN = 5_000;

export interface RedisStoreOptions {
  url: string;
  /** Key prefix, so several deployments can share a server. */
  prefix?: string;
  /** Fail a command after this many reconnect attempts instead of queueing it forever. */
  maxRetriesPerRequest?: number;
  auditRetention?: Readonly<Record<AuditStream, AuditRetention>>;
}

interface ScriptCommands {
  ccEnqueue(...args: string[]): Promise<number>;
  ccClaim(...args: string[]): Promise<[string[], string[]]>;
  ccUpdateClaimed(...args: string[]): Promise<number>;
  ccUpdateUnclaimed(...args: string[]): Promise<number>;
  ccCancelGroup(...args: string[]): Promise<number>;
  ccAcquireLease(key: string, owner: string, ttl: string): Promise<number>;
  ccReleaseLease(key: string, owner: string): Promise<number>;
  ccTakeSlot(key: string, limit: string, ttl: string): Promise<[number, number]>;
  ccPrune(prefix: string, before: string, limit: string): Promise<number>;
}

type ScriptedRedis = Redis & ScriptCommands;

/** The production store: ioredis with Lua scripts for every multi-key change. */
export class RedisStore implements Store {
  readonly kind = 'redis' as const;
  readonly location: string;
  private readonly redis: ScriptedRedis;
  private readonly p: string;
  private readonly audit: RedisAuditLog;

  constructor(options: RedisStoreOptions) {
    this.p = options.prefix ?? 'civicast:';
    this.location = withoutCredentials(options.url);
    const redis = new Redis(options.url, {
      // Commands fail fast while Redis is away so callers degrade and retry on their own schedule.
      maxRetriesPerRequest: options.maxRetriesPerRequest ?? 2,
      lazyConnect: false,
      retryStrategy: (times) => Math.min(100 * 2 ** times, 2_000),
    });
    redis.on('error', () => {
      // Connection errors surface through failed commands and `ping`; the default handler would
      // print them to stderr on every reconnect attempt.
    });
    redis.defineCommand('ccEnqueue', { numberOfKeys: 0, lua: scripts.ENQUEUE });
    redis.defineCommand('ccClaim', { numberOfKeys: 0, lua: scripts.CLAIM });
    redis.defineCommand('ccUpdateClaimed', { numberOfKeys: 0, lua: scripts.UPDATE_CLAIMED });
    redis.defineCommand('ccUpdateUnclaimed', { numberOfKeys: 0, lua: scripts.UPDATE_UNCLAIMED });
    redis.defineCommand('ccCancelGroup', { numberOfKeys: 0, lua: scripts.CANCEL_GROUP });
    redis.defineCommand('ccAcquireLease', { numberOfKeys: 1, lua: scripts.ACQUIRE_LEASE });
    redis.defineCommand('ccReleaseLease', { numberOfKeys: 1, lua: scripts.RELEASE_LEASE });
    redis.defineCommand('ccTakeSlot', { numberOfKeys: 1, lua: scripts.TAKE_SLOT });
    redis.defineCommand('ccPrune', { numberOfKeys: 0, lua: scripts.PRUNE });
    this.redis = redis as ScriptedRedis;
    this.audit = new RedisAuditLog(redis, this.p, options.auditRetention ?? DEFAULT_AUDIT_RETENTION);
  }

  /**
   * Brings keys written by an earlier version up to this one; safe to run on every start and from
   * several instances at once. Version 1: the single capped audit list becomes streams.
   */
  async migrate(): Promise<void> {
    const version = Number((await this.redis.get(`${this.p}schema`)) ?? 0);
    if (version >= SCHEMA_VERSION) return;
    await this.audit.importLegacyList();
    await this.redis.set(`${this.p}schema`, String(SCHEMA_VERSION));
  }

  // --- outbox ---------------------------------------------------------------------------------

  async enqueuePost(post: Post): Promise<boolean> {
    const created = await this.redis.ccEnqueue(
      this.p,
      post.id,
      JSON.stringify(post),
      String(post.dueAt),
      String(PRIORITY_RANK[post.priority]),
      String(post.createdAt),
      post.group ?? '',
      post.awaitingApproval === true ? '1' : '0',
      post.channel,
      post.replyTo === undefined ? '1' : '0',
    );
    return created === 1;
  }

  async getPost(id: string): Promise<Post | undefined> {
    const fields = await this.redis.hgetall(`${this.p}post:${id}`);
    return decodePost(fields);
  }

  private async getPosts(ids: string[]): Promise<Post[]> {
    if (ids.length === 0) return [];
    const pipeline = this.redis.pipeline();
    for (const id of ids) pipeline.hgetall(`${this.p}post:${id}`);
    const results = (await pipeline.exec()) ?? [];
    const posts: Post[] = [];
    for (const [error, fields] of results) {
      if (error !== null) throw error;
      const post = decodePost(fields as Record<string, string>);
      if (post !== undefined) posts.push(post);
    }
    return posts;
  }

  async claimPosts(options: ClaimOptions): Promise<ClaimResult> {
    const [freshIds, recoveredIds] = await this.redis.ccClaim(
      this.p,
      String(options.now),
      String(options.limit),
      options.owner,
      String(options.now + options.leaseMs),
    );
    const [fresh, recovered] = await Promise.all([this.getPosts(freshIds), this.getPosts(recoveredIds)]);
    return { fresh, recovered };
  }

  async updateClaimed(id: string, owner: string, update: PostUpdate, now: number): Promise<boolean> {
    const result = await this.redis.ccUpdateClaimed(this.p, id, owner, String(now), ...encodeUpdate(update));
    return result === 1;
  }

  async updateUnclaimed(id: string, update: PostUpdate, now: number): Promise<Post | undefined> {
    const result = await this.redis.ccUpdateUnclaimed(this.p, id, String(now), ...encodeUpdate(update));
    return result === 1 ? this.getPost(id) : undefined;
  }

  async cancelGroup(group: string, now: number): Promise<number> {
    return this.redis.ccCancelGroup(this.p, group, String(now));
  }

  async listPosts(query: PostQuery): Promise<Post[]> {
    // The index that holds the answer, read newest first: a bounded read however large the outbox.
    // When the index order is the query's and nothing else filters, read exactly `limit` posts.
    const exact = query.order === 'recent' && query.limit !== undefined && query.channel === undefined && query.group === undefined && query.since === undefined && query.until === undefined && (query.broadcastsOnly !== true || query.status === 'sent');
    const take = exact ? Math.min(query.limit as number, LIST_SCAN) : LIST_SCAN;
    const ids =
      query.status === 'sent' && query.broadcastsOnly === true
        ? await this.redis.zrevrange(`${this.p}broadcasts`, 0, take - 1)
        : query.status !== undefined
          ? await this.redis.zrevrange(`${this.p}st:${query.status}`, 0, take - 1)
          : query.group !== undefined
            ? await this.redis.smembers(`${this.p}group:${query.group}`)
            : await this.redis.zrevrange(`${this.p}posts`, 0, LIST_SCAN - 1);
    return selectPosts(await this.getPosts(ids), query);
  }

  async pruneFinalPosts(before: number, limit: number): Promise<number> {
    return this.redis.ccPrune(this.p, String(before), String(limit));
  }

  async countPosts(): Promise<Record<PostStatus, number>> {
    const pipeline = this.redis.pipeline();
    for (const status of ALL_STATUSES) pipeline.zcard(`${this.p}st:${status}`);
    const results = (await pipeline.exec()) ?? [];
    const counts = {} as Record<PostStatus, number>;
    ALL_STATUSES.forEach((status, i) => {
      counts[status] = Number(results[i]?.[1] ?? 0);
    });
    return counts;
  }

  // --- documents ------------------------------------------------------------------------------

  async getDoc<T>(collection: string, id: string): Promise<T | undefined> {
    const raw = await this.redis.hget(`${this.p}doc:${collection}`, id);
    return raw === null ? undefined : (JSON.parse(raw) as T);
  }

  async putDoc<T>(collection: string, id: string, value: T): Promise<void> {
    await this.redis.hset(`${this.p}doc:${collection}`, id, JSON.stringify(value));
  }

  async putDocIfAbsent<T>(collection: string, id: string, value: T): Promise<boolean> {
    return (await this.redis.hsetnx(`${this.p}doc:${collection}`, id, JSON.stringify(value))) === 1;
  }

  async deleteDoc(collection: string, id: string): Promise<void> {
    await this.redis.hdel(`${this.p}doc:${collection}`, id);
  }

  async listDocs<T>(collection: string): Promise<T[]> {
    const values = await this.redis.hvals(`${this.p}doc:${collection}`);
    return values.map((v) => JSON.parse(v) as T);
  }

  // --- coordination ---------------------------------------------------------------------------

  async acquireLease(name: string, owner: string, ttlMs: number): Promise<boolean> {
    return (await this.redis.ccAcquireLease(`${this.p}lease:${name}`, owner, String(ttlMs))) === 1;
  }

  async releaseLease(name: string, owner: string): Promise<void> {
    await this.redis.ccReleaseLease(`${this.p}lease:${name}`, owner);
  }

  async takeSlot(key: string, limit: number, windowMs: number, now: number): Promise<{ taken: boolean; resetAt: number; used: number }> {
    const windowStart = now - (now % windowMs);
    const resetAt = windowStart + windowMs;
    const [taken, used] = await this.redis.ccTakeSlot(`${this.p}slot:${key}:${windowStart}`, String(limit), String(windowMs + 1_000));
    return { taken: taken === 1, resetAt, used };
  }

  async markSeen(ns: string, id: string, ttlMs: number): Promise<boolean> {
    return (await this.redis.set(`${this.p}seen:${ns}:${id}`, '1', 'PX', ttlMs, 'NX')) === 'OK';
  }

  async hasSeen(ns: string, id: string): Promise<boolean> {
    return (await this.redis.exists(`${this.p}seen:${ns}:${id}`)) === 1;
  }

  async incrementCounter(name: string, by: number): Promise<number> {
    return this.redis.hincrby(`${this.p}counters`, name, by);
  }

  async getCounters(prefix: string): Promise<Record<string, number>> {
    const all = await this.redis.hgetall(`${this.p}counters`);
    const result: Record<string, number> = {};
    for (const [key, value] of Object.entries(all)) if (key.startsWith(prefix)) result[key] = Number(value);
    return result;
  }

  // --- audit ----------------------------------------------------------------------------------

  async appendAudit(entry: AuditEntry): Promise<void> {
    await this.audit.append(entry);
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
    try {
      return (await this.redis.ping()) === 'PONG';
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    try {
      await this.redis.quit();
    } catch {
      this.redis.disconnect();
    }
  }
}

/** A Redis URL fit for logs: the password, if any, left out. */
function withoutCredentials(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.password = '';
    parsed.username = '';
    return parsed.toString();
  } catch {
    return 'redis';
  }
}

function encodeUpdate(update: PostUpdate): string[] {
  const args: string[] = [];
  if (update.status !== undefined) args.push('status', update.status);
  if (update.attempts !== undefined) args.push('attempts', String(update.attempts));
  if (update.sentParts !== undefined) args.push('sentParts', JSON.stringify(update.sentParts));
  if (update.lastError !== undefined) args.push('lastError', update.lastError);
  if (update.dueAt !== undefined) args.push('dueAt', String(update.dueAt));
  if (update.claimUntil !== undefined) args.push('claimUntil', String(update.claimUntil));
  if (update.awaitingApproval !== undefined) args.push('awaitingApproval', update.awaitingApproval ? '1' : '0');
  return args;
}

function decodePost(fields: Record<string, string>): Post | undefined {
  const base = fields['base'];
  if (base === undefined) return undefined;
  const post = JSON.parse(base) as Post;
  post.status = fields['status'] as PostStatus;
  post.attempts = Number(fields['attempts'] ?? 0);
  post.sentParts = JSON.parse(fields['sentParts'] ?? '[]') as Post['sentParts'];
  post.dueAt = Number(fields['dueAt']);
  post.updatedAt = Number(fields['updatedAt']);
  post.awaitingApproval = fields['awaitingApproval'] === '1';
  if (post.awaitingApproval === false) delete post.awaitingApproval;
  const lastError = fields['lastError'];
  if (lastError !== undefined) post.lastError = lastError;
  else delete post.lastError;
  const owner = fields['claimOwner'];
  const until = fields['claimUntil'];
  if (owner !== undefined && until !== undefined) {
    post.claimOwner = owner;
    post.claimUntil = Number(until);
  } else {
    delete post.claimOwner;
    delete post.claimUntil;
  }
  return post;
}
