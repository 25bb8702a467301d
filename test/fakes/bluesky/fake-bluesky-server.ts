import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fakeBlobCid, fakeCid } from './fake-cid.js';
import { emptyStormHits, rollStormHit, type StormHit, type StormOdds } from '../fault-storm.js';
import { seededRandom } from '../../support/seeded-random.js';
import { delay, IndexingLag } from '../indexing-lag.js';

/**
 * A loopback PDS + AppView speaking XRPC over HTTP: just enough of com.atproto.server,
 * com.atproto.repo, app.bsky.feed and app.bsky.notification for the Bluesky adapter, with
 * session rotation, expiring access tokens and injectable faults.
 */

export interface FakeUser {
  did: string;
  handle: string;
  password?: string;
  bot?: boolean;
}

export interface StoredRecord {
  uri: string;
  cid: string;
  repo: string;
  collection: string;
  rkey: string;
  value: Record<string, unknown>;
  indexedAt: string;
}

interface StoredNotification {
  recipient: string;
  uri: string;
  reason: string;
  indexedAt: string;
}

/**
 * `rate-limit` without `resetAt` still sends `ratelimit-reset` (60 s); `rate-limit-bare` sends no
 * rate-limit headers at all. `server-error-after-create`: the record is stored, then 500.
 * `slow-commit`: the record is stored (and the answer sent) only after `slowCommitMs`.
 * `reset`: the connection is dropped before anything is done.
 */
export type FaultKind = 'rate-limit' | 'rate-limit-bare' | 'server-error' | 'lost-response' | 'unauthorized' | 'server-error-after-create' | 'slow-commit' | 'reset';

export interface Fault {
  kind: FaultKind;
  /** How many matching requests the fault applies to. */
  count: number;
  /** Only requests to this XRPC method (e.g. `com.atproto.repo.createRecord`); default any. */
  method?: string;
  /** For rate-limit: `ratelimit-reset` value, epoch seconds. */
  resetAt?: number;
}

type Json = Record<string, unknown>;

/**
 * Random faults on a share of requests (each a probability 0..1), for storm tests. `reset` drops
 * the connection before anything is done; `lost` (createRecord only) stores the record and drops
 * the connection; `slow` delays the answer by up to `slowMs`. Session methods
 * (com.atproto.server.*) are left alone unless `methods` names them.
 */
export interface FaultStorm extends StormOdds {
  /** Only these XRPC methods (default every method but the session ones). */
  methods?: string[];
}

class XrpcFailure extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    message: string,
  ) {
    super(message);
  }
}

const TID_CHARS = '234567abcdefghijklmnopqrstuvwxyz';

export class FakeBlueskyServer {
  readonly account: FakeUser = {
    did: 'did:plc:civicastfakeaccount0000',
    handle: 'civicast.bsky.social',
    password: 'app-pass-s3cret-xyz1',
  };
  createSessionCalls = 0;
  refreshSessionCalls = 0;
  /** Every XRPC method called, in order. */
  readonly calls: string[] = [];
  /**
   * Enforced write limit for the account: at most `limit` createRecord calls per `windowSeconds`,
   * then 429 with `ratelimit-reset` (epoch seconds). Undefined = not enforced.
   */
  writeLimit: { limit: number; windowSeconds: number } | undefined;
  /** 429s sent because the enforced window was exhausted. */
  rateLimited = 0;
  /** Storm mode: random faults on a share of requests; undefined = off. */
  storm: FaultStorm | undefined;
  readonly stormHits: Record<StormHit, number> = emptyStormHits();
  /** Acceptance time (epoch ms) of each record created through createRecord, by uri. */
  readonly acceptedAt = new Map<string, number>();
  /**
   * The AppView shows a new record in feeds and notifications only after this lag; the
   * notification's `indexedAt` is still the creation time (the server's clock), as on Bluesky.
   * `getRecord` (the PDS) is never lagged.
   */
  readonly lag = new IndexingLag();
  slowCommitMs = 3000;
  /** Blobs uploaded with com.atproto.repo.uploadBlob, by CID. */
  readonly blobs = new Map<string, { mimeType: string; bytes: Buffer }>();
  private writeWindow: { used: number; resetAt: number } | undefined;
  private stormRandom: (() => number) | undefined;
  private readonly users = new Map<string, FakeUser>();
  private readonly records = new Map<string, StoredRecord>();
  private readonly notifications: StoredNotification[] = [];
  private readonly accessTokens = new Map<string, { did: string; expired: boolean }>();
  private readonly refreshTokens = new Map<string, string>();
  private readonly faults: Fault[] = [];
  private readonly hanging = new Set<string>();
  private lastMs = 0;
  private tidCounter = 0;
  private server: http.Server | undefined;
  url = '';

  constructor() {
    this.users.set(this.account.did, this.account);
  }

  async start(): Promise<this> {
    const server = http.createServer((req, res) => {
      this.handle(req, res).catch(() => res.destroy());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.server = server;
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  inject(fault: Fault): void {
    this.faults.push({ ...fault });
  }

  /** The next request to `method` is read and never answered (a hung PDS). */
  hang(method: string): void {
    this.hanging.add(method);
  }

  /** Every access token issued so far now answers 400 ExpiredToken; refresh tokens still work. */
  expireAccessTokens(): void {
    for (const token of this.accessTokens.values()) token.expired = true;
  }

  /** Posts in the service account's own repo, oldest first. */
  ownPosts(): StoredRecord[] {
    return [...this.records.values()].filter((r) => r.repo === this.account.did && r.collection === 'app.bsky.feed.post');
  }

  /** Tokens handed out so far, for asserting they never reach the logs. */
  issuedTokens(): string[] {
    return [...this.accessTokens.keys(), ...this.refreshTokens.keys()];
  }

  addUser(handle: string, options: { bot?: boolean } = {}): FakeUser {
    const did = `did:plc:${handle.replace(/[^a-z0-9]/g, '').padEnd(24, 'x').slice(0, 24)}`;
    const user: FakeUser = { did, handle, ...(options.bot === undefined ? {} : { bot: options.bot }) };
    this.users.set(did, user);
    return user;
  }

  /** A citizen posts; the service account is notified (mention, or reply when `replyTo` is set). */
  citizenPost(author: FakeUser, text: string, replyTo?: string): StoredRecord {
    let reply: Json | undefined;
    if (replyTo !== undefined) {
      const parent = this.records.get(replyTo);
      if (!parent) throw new Error(`no record ${replyTo}`);
      const parentReply = parent.value['reply'] as { root?: Json } | undefined;
      reply = { root: parentReply?.root ?? { uri: parent.uri, cid: parent.cid }, parent: { uri: parent.uri, cid: parent.cid } };
    }
    const value: Json = { $type: 'app.bsky.feed.post', text, createdAt: new Date().toISOString(), ...(reply ? { reply } : {}) };
    const record = this.store(author.did, 'app.bsky.feed.post', value);
    this.notifications.push({ recipient: this.account.did, uri: record.uri, reason: reply ? 'reply' : 'mention', indexedAt: record.indexedAt });
    return record;
  }

  /** A notification the adapter must ignore (likes are not questions). */
  like(author: FakeUser, subject: StoredRecord): void {
    const record = this.store(author.did, 'app.bsky.feed.like', {
      $type: 'app.bsky.feed.like',
      subject: { uri: subject.uri, cid: subject.cid },
      createdAt: new Date().toISOString(),
    });
    this.notifications.push({ recipient: this.account.did, uri: record.uri, reason: 'like', indexedAt: record.indexedAt });
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const method = url.pathname.replace(/^\/xrpc\//, '');
    this.calls.push(method);
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const bytes = Buffer.concat(chunks);
    // A blob upload's body is the file itself; every other call sends JSON.
    const upload = method === 'com.atproto.repo.uploadBlob';
    const body = upload || bytes.length === 0 ? {} : (JSON.parse(bytes.toString('utf8')) as Json);

    if (this.hanging.delete(method)) return;
    const hit = this.stormHit(method);
    if (hit !== undefined) this.stormHits[hit] += 1;
    if (hit === 'reset') return void req.socket.destroy();
    if (hit === 'slow') await new Promise((resolve) => setTimeout(resolve, Math.round((this.stormRandom?.() ?? 0.5) * (this.storm?.slowMs ?? 1000))));
    if (hit === '429') {
      const reset = String(Math.ceil(Date.now() / 1000) + (this.storm?.resetSeconds ?? 1));
      return send(res, 429, { error: 'RateLimitExceeded', message: 'Rate Limit Exceeded' }, { 'ratelimit-limit': '5000', 'ratelimit-remaining': '0', 'ratelimit-reset': reset, 'ratelimit-policy': '5000;w=3600' });
    }
    if (hit === '500') return send(res, 500, { error: 'InternalServerError', message: 'Internal Server Error' });
    if (method === 'com.atproto.repo.createRecord' && this.writeLimit !== undefined) {
      const now = Date.now();
      if (this.writeWindow === undefined || this.writeWindow.resetAt <= now) this.writeWindow = { used: 0, resetAt: now + this.writeLimit.windowSeconds * 1000 };
      this.writeWindow.used += 1;
      if (this.writeWindow.used > this.writeLimit.limit) {
        this.rateLimited += 1;
        return send(res, 429, { error: 'RateLimitExceeded', message: 'Rate Limit Exceeded' }, {
          'ratelimit-limit': String(this.writeLimit.limit),
          'ratelimit-remaining': '0',
          'ratelimit-reset': String(Math.ceil(this.writeWindow.resetAt / 1000)),
          'ratelimit-policy': `${this.writeLimit.limit};w=${this.writeLimit.windowSeconds}`,
        });
      }
    }
    const fault = this.takeFault(method) ?? (hit === 'lost' ? { kind: 'lost-response' as const, count: 0 } : undefined);
    if (fault?.kind === 'rate-limit') {
      const reset = String(fault.resetAt ?? Math.ceil(Date.now() / 1000) + 60);
      return send(res, 429, { error: 'RateLimitExceeded', message: 'Rate Limit Exceeded' }, {
        'ratelimit-limit': '5000',
        'ratelimit-remaining': '0',
        'ratelimit-reset': reset,
        'ratelimit-policy': '5000;w=3600',
      });
    }
    if (fault?.kind === 'server-error') return send(res, 500, { error: 'InternalServerError', message: 'Internal Server Error' });
    if (fault?.kind === 'unauthorized') return send(res, 401, { error: 'AuthenticationRequired', message: 'Invalid token' });
    if (fault?.kind === 'reset') return void req.socket.destroy();
    if (fault?.kind === 'rate-limit-bare') return send(res, 429, { error: 'RateLimitExceeded', message: 'Rate Limit Exceeded' });
    if (method === 'com.atproto.repo.createRecord' && (fault?.kind === 'slow-commit' || hit === 'slow-commit')) await delay(this.slowCommitMs);

    let status = 200;
    let payload: Json;
    try {
      payload = upload ? this.uploadBlob(this.authDid(req), req, bytes) : this.route(method, req, url.searchParams, body);
    } catch (error) {
      if (!(error instanceof XrpcFailure)) throw error;
      status = error.status;
      payload = { error: error.error, message: error.message };
    }
    // The write happened; only the answer is lost, as when a connection dies mid-response.
    if (fault?.kind === 'lost-response') return void req.socket.destroy();
    if (status === 200 && (fault?.kind === 'server-error-after-create' || hit === '5xx-after-create')) return send(res, 500, { error: 'InternalServerError', message: 'Internal Server Error' });
    send(res, status, payload);
  }

  private stormHit(method: string): StormHit | undefined {
    const storm = this.storm;
    if (storm === undefined) return undefined;
    if (storm.methods !== undefined ? !storm.methods.includes(method) : method.startsWith('com.atproto.server.')) return undefined;
    this.stormRandom ??= seededRandom(storm.seed ?? 1);
    return rollStormHit(storm, this.stormRandom, method === 'com.atproto.repo.createRecord');
  }

  private takeFault(method: string): Fault | undefined {
    const index = this.faults.findIndex((f) => f.method === undefined || f.method === method);
    const fault = this.faults[index];
    if (!fault) return undefined;
    fault.count--;
    if (fault.count <= 0) this.faults.splice(index, 1);
    return fault;
  }

  private route(method: string, req: http.IncomingMessage, q: URLSearchParams, body: Json): Json {
    switch (method) {
      case 'com.atproto.server.createSession':
        return this.createSession(body);
      case 'com.atproto.server.refreshSession':
        return this.refreshSession(req);
      case 'com.atproto.server.getSession': {
        const user = this.userFor(this.authDid(req));
        return { did: user.did, handle: user.handle, active: true };
      }
      case 'com.atproto.repo.createRecord':
        return this.createRecord(this.authDid(req), body);
      case 'com.atproto.repo.getRecord':
        return this.getRecord(q);
      case 'com.atproto.repo.listRecords':
        return this.listRecords(q);
      case 'app.bsky.feed.getAuthorFeed':
        this.authDid(req);
        return this.getAuthorFeed(q);
      case 'app.bsky.notification.listNotifications':
        return this.listNotifications(this.authDid(req), q);
      default:
        throw new XrpcFailure(501, 'MethodNotImplemented', `method not implemented: ${method}`);
    }
  }

  private createSession(body: Json): Json {
    this.createSessionCalls++;
    const user = [...this.users.values()].find((u) => u.handle === body['identifier'] || u.did === body['identifier']);
    if (!user || user.password === undefined || user.password !== body['password']) {
      throw new XrpcFailure(401, 'AuthenticationRequired', 'Invalid identifier or password');
    }
    return this.issue(user);
  }

  private refreshSession(req: http.IncomingMessage): Json {
    this.refreshSessionCalls++;
    const token = bearer(req);
    const did = token === undefined ? undefined : this.refreshTokens.get(token);
    if (token === undefined || did === undefined) throw new XrpcFailure(400, 'ExpiredToken', 'Token has been revoked');
    this.refreshTokens.delete(token); // refresh tokens rotate: each is single-use
    return this.issue(this.userFor(did));
  }

  private issue(user: FakeUser): Json {
    const accessJwt = `access-${randomUUID()}`;
    const refreshJwt = `refresh-${randomUUID()}`;
    this.accessTokens.set(accessJwt, { did: user.did, expired: false });
    this.refreshTokens.set(refreshJwt, user.did);
    return { accessJwt, refreshJwt, did: user.did, handle: user.handle, active: true };
  }

  private authDid(req: http.IncomingMessage): string {
    const token = bearer(req);
    const entry = token === undefined ? undefined : this.accessTokens.get(token);
    if (!entry) throw new XrpcFailure(401, 'AuthenticationRequired', 'Authentication Required');
    if (entry.expired) throw new XrpcFailure(400, 'ExpiredToken', 'Token has expired');
    return entry.did;
  }

  /** Stores the bytes as a blob (a PDS keeps it unreferenced until a record embeds it). */
  private uploadBlob(_did: string, req: http.IncomingMessage, bytes: Buffer): Json {
    const mimeType = req.headers['content-type'] ?? '*/*';
    if (bytes.length === 0) throw new XrpcFailure(400, 'InvalidRequest', 'empty blob');
    if (bytes.length > 1_000_000) throw new XrpcFailure(400, 'BlobTooLarge', 'This file is too large. It is over 1MB.');
    const cid = fakeBlobCid(bytes);
    this.blobs.set(cid, { mimeType, bytes });
    return { blob: { $type: 'blob', ref: { $link: cid }, mimeType, size: bytes.length } };
  }

  /** An embed must point at uploaded images, each with alt text (required by the lexicon). */
  private checkEmbed(embed: unknown): void {
    if (embed === undefined) return;
    const e = embed as { $type?: unknown; images?: { image?: { ref?: { $link?: unknown } }; alt?: unknown }[] };
    if (e.$type !== 'app.bsky.embed.images' || !Array.isArray(e.images) || e.images.length === 0 || e.images.length > 4) throw new XrpcFailure(400, 'InvalidRequest', 'Invalid app.bsky.feed.post record: embed must be app.bsky.embed.images with 1 to 4 images');
    for (const image of e.images) {
      if (typeof image.alt !== 'string') throw new XrpcFailure(400, 'InvalidRequest', 'Invalid app.bsky.feed.post record: Record/embed/images/0 must have the property "alt"');
      const link = image.image?.ref?.$link;
      if (typeof link !== 'string' || !this.blobs.has(link)) throw new XrpcFailure(400, 'InvalidRequest', 'Could not find blob');
    }
  }

  private createRecord(did: string, body: Json): Json {
    const user = this.userFor(did);
    if (body['repo'] !== user.did && body['repo'] !== user.handle) throw new XrpcFailure(403, 'Forbidden', 'not your repo');
    const collection = body['collection'];
    const value = body['record'];
    if (typeof collection !== 'string' || typeof value !== 'object' || value === null) {
      throw new XrpcFailure(400, 'InvalidRequest', 'collection and record are required');
    }
    const text = (value as Json)['text'];
    if (collection === 'app.bsky.feed.post' && typeof text === 'string' && graphemes(text) > 300) {
      throw new XrpcFailure(400, 'InvalidRequest', 'Invalid app.bsky.feed.post record: Record/text must not be longer than 300 graphemes');
    }
    if (collection === 'app.bsky.feed.post') this.checkEmbed((value as Json)['embed']);
    const record = this.store(user.did, collection, value as Json);
    this.acceptedAt.set(record.uri, Date.now());
    return { uri: record.uri, cid: record.cid, validationStatus: 'valid' };
  }

  private getRecord(q: URLSearchParams): Json {
    const repo = this.resolveRepo(q.get('repo'));
    const uri = `at://${repo}/${q.get('collection') ?? ''}/${q.get('rkey') ?? ''}`;
    const record = this.records.get(uri);
    if (!record) throw new XrpcFailure(400, 'RecordNotFound', `Could not locate record: ${uri}`);
    return { uri: record.uri, cid: record.cid, value: record.value };
  }

  private listRecords(q: URLSearchParams): Json {
    const repo = this.resolveRepo(q.get('repo'));
    const all = [...this.records.values()].filter((r) => r.repo === repo && r.collection === q.get('collection')).reverse();
    const { items, cursor } = paginate(all, q);
    return { records: items.map((r) => ({ uri: r.uri, cid: r.cid, value: r.value })), ...cursor };
  }

  private getAuthorFeed(q: URLSearchParams): Json {
    const repo = this.resolveRepo(q.get('actor'));
    const noReplies = q.get('filter') === 'posts_no_replies';
    const all = this.ownPostsOf(repo)
      .filter((r) => this.lag.visible(r.uri) && (!noReplies || r.value['reply'] === undefined))
      .reverse();
    const { items, cursor } = paginate(all, q);
    return { feed: items.map((r) => ({ post: this.postView(r) })), ...cursor };
  }

  private listNotifications(did: string, q: URLSearchParams): Json {
    const reasons = q.getAll('reasons');
    const all = this.notifications.filter((n) => n.recipient === did && this.lag.visible(n.uri) && (reasons.length === 0 || reasons.includes(n.reason))).reverse();
    const { items, cursor } = paginate(all, q);
    const notifications = items.map((n) => {
      const record = this.records.get(n.uri);
      if (!record) throw new Error(`dangling notification ${n.uri}`);
      return {
        uri: record.uri,
        cid: record.cid,
        author: this.profile(record.repo),
        reason: n.reason,
        record: record.value,
        isRead: false,
        indexedAt: n.indexedAt,
      };
    });
    return { notifications, ...cursor };
  }

  private ownPostsOf(repo: string): StoredRecord[] {
    return [...this.records.values()].filter((r) => r.repo === repo && r.collection === 'app.bsky.feed.post');
  }

  private postView(r: StoredRecord): Json {
    return { uri: r.uri, cid: r.cid, author: this.profile(r.repo), record: r.value, indexedAt: r.indexedAt };
  }

  private profile(did: string): Json {
    const user = this.userFor(did);
    const labels = user.bot ? [{ src: did, uri: `at://${did}/app.bsky.actor.profile/self`, val: 'bot', cts: new Date(0).toISOString() }] : [];
    return { did: user.did, handle: user.handle, ...(labels.length > 0 ? { labels } : {}) };
  }

  private store(repo: string, collection: string, value: Json): StoredRecord {
    const rkey = this.nextTid();
    const uri = `at://${repo}/${collection}/${rkey}`;
    const record: StoredRecord = { uri, cid: fakeCid({ uri, value }), repo, collection, rkey, value, indexedAt: this.nextIndexedAt() };
    this.records.set(uri, record);
    this.lag.created(uri);
    return record;
  }

  private resolveRepo(repo: string | null): string {
    const user = [...this.users.values()].find((u) => u.did === repo || u.handle === repo);
    if (!user) throw new XrpcFailure(400, 'InvalidRequest', `Could not find repo: ${repo ?? ''}`);
    return user.did;
  }

  private userFor(did: string): FakeUser {
    const user = this.users.get(did);
    if (!user) throw new XrpcFailure(400, 'InvalidRequest', `unknown did ${did}`);
    return user;
  }

  /** Strictly increasing, so ordering never depends on two writes sharing a millisecond. */
  private nextIndexedAt(): string {
    this.lastMs = Math.max(Date.now(), this.lastMs + 1);
    return new Date(this.lastMs).toISOString();
  }

  private nextTid(): string {
    let n = BigInt(Date.now()) * 1000n + BigInt(this.tidCounter++ % 1000);
    let out = '';
    for (let i = 0; i < 11; i++) {
      out = (TID_CHARS[Number(n % 32n)] ?? '2') + out;
      n /= 32n;
    }
    return out + '22';
  }
}

function paginate<T>(all: T[], q: URLSearchParams): { items: T[]; cursor: { cursor?: string } } {
  const limit = Number(q.get('limit') ?? '50');
  const offset = Number(q.get('cursor') ?? '0');
  const items = all.slice(offset, offset + limit);
  const next = offset + items.length;
  return { items, cursor: next < all.length ? { cursor: String(next) } : {} };
}

function bearer(req: http.IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice('Bearer '.length) : undefined;
}

function graphemes(text: string): number {
  return [...new Intl.Segmenter('en', { granularity: 'grapheme' }).segment(text)].length;
}

function send(res: http.ServerResponse, status: number, payload: Json, headers: Record<string, string> = {}): void {
  const body = JSON.stringify(payload);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    ...headers,
  });
  res.end(body);
}
