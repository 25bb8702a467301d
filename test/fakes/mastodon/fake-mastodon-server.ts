import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { accountJson, mediaJson, statusJson, type FakeAccount, type FakeMediaAttachment, type FakeStatus } from './fake-mastodon-render.js';
import { emptyStormHits, rollStormHit, type StormHit, type StormOdds } from '../fault-storm.js';
import { seededRandom } from '../../support/seeded-random.js';
import { delay, IndexingLag } from '../indexing-lag.js';

/**
 * `rate-limit-bare`: a 429 without `X-RateLimit-Reset`; `server-error-after-create`: the status
 * is created (and its Idempotency-Key stored), then the answer is a 500; `slow-commit`: the
 * status is created only after `slowCommitMs`, and — as on Mastodon, which stores the key only
 * once the status exists — a resend with the same key meanwhile creates a second status.
 * `reset`: the connection is dropped before anything is done.
 */
export type FaultKind = 'rate-limit' | 'rate-limit-bare' | 'server-error' | 'bad-gateway-html' | 'unauthorized' | 'lost-response' | 'server-error-after-create' | 'slow-commit' | 'reset';

export interface Fault {
  kind: FaultKind;
  /** Only requests whose `METHOD path` contains this are hit; all requests when absent. */
  match?: string;
  remaining: number;
}

/**
 * Random faults on a share of requests (each a probability 0..1), for storm tests. `reset` drops
 * the connection before anything is done; `lost` (status creation only) stores the status and
 * drops the connection; `slow` delays the answer by up to `slowMs`.
 */
export interface FaultStorm extends StormOdds {
  /** Only requests whose `METHOD path` contains this (default every API request). */
  match?: string;
}

/** An enforced window: `limit` requests per `windowMs`, then 429 with an ISO `X-RateLimit-Reset`. */
export interface RateWindow {
  limit: number;
  windowMs: number;
}

export interface RequestRecord {
  method: string;
  path: string;
  idempotencyKey?: string;
}

export interface FakeMastodon {
  url: string;
  host: string;
  token: string;
  self: FakeAccount;
  /** Every status the instance stored, ours and other accounts', oldest first. */
  statuses: FakeStatus[];
  requests: RequestRecord[];
  /** Statuses our account posted, oldest first: "exactly once" is asserted on this. */
  posted(): FakeStatus[];
  /** Files uploaded with POST /api/v2/media, oldest first. */
  media: FakeMediaAttachment[];
  /** Makes the next `times` matching requests fail. */
  fail(kind: FaultKind, options?: { times?: number; match?: string }): void;
  /** Time sent as `X-RateLimit-Reset` with 429s (ISO 8601, as Mastodon does). */
  rateLimitResetAt: Date;
  /** Another account mentions ours; a notification is created unless it is our own status. */
  mention(input: { from: string; text: string; visibility?: FakeStatus['visibility']; inReplyToId?: string; bot?: boolean }): FakeStatus;
  /**
   * Enforced limits for this account: `all` counts every authenticated API call (Mastodon: 300
   * per 5 minutes), `posts` counts status creations. Undefined = not enforced.
   */
  limits: { all?: RateWindow; posts?: RateWindow };
  /** 429s sent because an enforced window was exhausted. */
  rateLimited: number;
  /** Storm mode: random faults on a share of requests; undefined = off. */
  storm: FaultStorm | undefined;
  stormHits: Record<StormHit, number>;
  /** Acceptance time (epoch ms) of each status our account created, by id. */
  acceptedAt: Map<string, number>;
  /** New statuses show in account timelines and notifications only after this lag. */
  lag: IndexingLag;
  /** How long a `slow-commit` status creation takes. */
  slowCommitMs: number;
  close(): Promise<void>;
}

const SNOWFLAKE_BASE = 113_000_000_000_000_000n;

/**
 * A loopback Mastodon instance speaking the REST endpoints masto.js calls for the adapter:
 * bearer auth, `Idempotency-Key` on status creation (same key → the same status, as Mastodon
 * keeps it for an hour), min_id/max_id paging, rate-limit headers, and injectable faults.
 */
export async function startFakeMastodon(options: { token: string; maxChars?: number }): Promise<FakeMastodon> {
  const maxChars = options.maxChars ?? 500;
  let sequence = 0n;
  const nextId = () => String(SNOWFLAKE_BASE + ++sequence * 65_536n);
  const accounts = new Map<string, FakeAccount>();
  const self: FakeAccount = { id: '109000000000000001', username: 'cityalerts', acct: 'cityalerts', bot: true };
  accounts.set(self.acct, self);
  const statuses: FakeStatus[] = [];
  const notifications: { id: string; status: FakeStatus; from: FakeAccount }[] = [];
  const idempotency = new Map<string, FakeStatus>();
  const faults: Fault[] = [];
  const requests: RequestRecord[] = [];
  const windows = new Map<string, { used: number; resetAt: number }>();
  let stormRandom: (() => number) | undefined;

  function account(acct: string, bot = false): FakeAccount {
    const clean = acct.replace(/^@/, '');
    let found = accounts.get(clean);
    if (found === undefined) {
      found = { id: String(109_000_000_000_000_100n + BigInt(accounts.size)), username: clean.split('@')[0] ?? clean, acct: clean, bot };
      accounts.set(clean, found);
    }
    return found;
  }

  function store(from: FakeAccount, text: string, visibility: FakeStatus['visibility'], inReplyToId: string | null, language: string | null, media: FakeMediaAttachment[] = []): FakeStatus {
    const parent = inReplyToId === null ? undefined : statuses.find((s) => s.id === inReplyToId);
    const mentions = [...text.matchAll(/(?:^|[^/\w])@([a-z0-9_][\w.-]*(?:@[\w.-]+\w)?)/giu)].map((m) => account(m[1] ?? ''));
    const status: FakeStatus = { id: nextId(), account: from, text, visibility, inReplyToId, inReplyToAccountId: parent?.account.id ?? null, language, mentions, createdAt: new Date().toISOString(), ...(media.length === 0 ? {} : { media }) };
    for (const m of media) m.statusId = status.id;
    statuses.push(status);
    fake.lag.created(status.id);
    return status;
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((error: unknown) => send(res, 500, { error: String(error) }));
  });
  const fake: FakeMastodon = {
    url: '',
    host: '',
    token: options.token,
    self,
    statuses,
    requests,
    rateLimitResetAt: new Date(Date.now() + 300_000),
    posted: () => statuses.filter((s) => s.account.id === self.id),
    media: [],
    limits: {},
    rateLimited: 0,
    storm: undefined,
    stormHits: emptyStormHits(),
    acceptedAt: new Map(),
    lag: new IndexingLag(),
    slowCommitMs: 3000,
    fail(kind, opts = {}) {
      faults.push({ kind, remaining: opts.times ?? 1, ...(opts.match === undefined ? {} : { match: opts.match }) });
    },
    mention(input) {
      const from = account(input.from, input.bot ?? false);
      const text = input.text.includes(`@${self.username}`) ? input.text : `@${self.username} ${input.text}`;
      const status = store(from, text, input.visibility ?? 'public', input.inReplyToId ?? null, 'en');
      const id = nextId();
      notifications.push({ id, status, from });
      // The notification is written by a background worker: it shows with the status's lag.
      fake.lag.created(id);
      return status;
    },
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };

  function send(res: http.ServerResponse, code: number, body: unknown, headers: Record<string, string> = {}): void {
    const all = fake.limits.all;
    const window = windows.get('all');
    const reset = all !== undefined && window !== undefined ? new Date(window.resetAt).toISOString() : new Date(Math.ceil(Date.now() / 300_000) * 300_000).toISOString();
    const limit = all === undefined ? '300' : String(all.limit);
    const remaining = all === undefined || window === undefined ? '299' : String(Math.max(0, all.limit - window.used));
    res.writeHead(code, { 'content-type': 'application/json; charset=utf-8', 'x-ratelimit-limit': limit, 'x-ratelimit-remaining': remaining, 'x-ratelimit-reset': reset, ...headers });
    res.end(JSON.stringify(body));
  }

  /** Counts one request in an enforced window; returns the reset time when the window is exhausted. */
  function overLimit(name: 'all' | 'posts'): Date | undefined {
    const rule = fake.limits[name];
    if (rule === undefined) return undefined;
    const now = Date.now();
    let window = windows.get(name);
    if (window === undefined || window.resetAt <= now) {
      window = { used: 0, resetAt: now + rule.windowMs };
      windows.set(name, window);
    }
    window.used += 1;
    return window.used > rule.limit ? new Date(window.resetAt) : undefined;
  }

  function stormHit(method: string, path: string): StormHit | undefined {
    const storm = fake.storm;
    if (storm === undefined || path === '/api/v1/instance' || path === '/api/v2/instance') return undefined;
    if (storm.match !== undefined && !`${method} ${path}`.includes(storm.match)) return undefined;
    stormRandom ??= seededRandom(storm.seed ?? 1);
    const lostAllowed = method === 'POST' && path === '/api/v1/statuses';
    return rollStormHit(storm, stormRandom, lostAllowed);
  }

  function takeFault(method: string, path: string): Fault | undefined {
    const fault = faults.find((f) => f.remaining > 0 && (f.match === undefined || `${method} ${path}`.includes(f.match)));
    if (fault !== undefined) fault.remaining--;
    return fault;
  }

  async function readJson(req: http.IncomingMessage): Promise<Record<string, unknown>> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    return raw.length === 0 ? {} : (JSON.parse(raw) as Record<string, unknown>);
  }

  function page<T extends { id: string }>(items: T[], query: URLSearchParams): T[] {
    const limit = Math.min(Number(query.get('limit') ?? '20'), 40);
    const newer = (a: string, b: string) => BigInt(a) > BigInt(b);
    let selected = [...items].sort((a, b) => (newer(a.id, b.id) ? -1 : 1)); // newest first
    const maxId = query.get('max_id');
    const sinceId = query.get('since_id');
    const minId = query.get('min_id');
    if (maxId !== null) selected = selected.filter((i) => newer(maxId, i.id));
    if (sinceId !== null) selected = selected.filter((i) => newer(i.id, sinceId));
    if (minId !== null) {
      // Mastodon: the page immediately after min_id, still rendered newest first.
      return selected.filter((i) => newer(i.id, minId)).reverse().slice(0, limit).reverse();
    }
    return selected.slice(0, limit);
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', fake.url);
    const method = req.method ?? 'GET';
    const path = url.pathname;
    const key = req.headers['idempotency-key'];
    requests.push({ method, path, ...(typeof key === 'string' ? { idempotencyKey: key } : {}) });

    if (path === '/api/v1/instance' || path === '/api/v2/instance') {
      return send(res, 200, { domain: fake.host, uri: fake.host, title: 'Fake', version: '4.3.0', configuration: { statuses: { max_characters: maxChars, characters_reserved_per_url: 23 } } });
    }
    const hit = stormHit(method, path);
    if (hit !== undefined) fake.stormHits[hit] += 1;
    if (hit === 'reset') {
      req.socket.destroy();
      return;
    }
    if (hit === 'slow') await new Promise((resolve) => setTimeout(resolve, Math.round((stormRandom?.() ?? 0.5) * (fake.storm?.slowMs ?? 1000))));
    if (hit === '429') {
      return send(res, 429, { error: 'Too many requests' }, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': new Date(Date.now() + (fake.storm?.resetSeconds ?? 1) * 1000).toISOString() });
    }
    if (hit === '500') return send(res, 500, { error: 'We\'re sorry, but something went wrong on our end.' });
    const authorised = req.headers.authorization === `Bearer ${options.token}`;
    const limitedUntil = authorised ? (overLimit('all') ?? (method === 'POST' && path === '/api/v1/statuses' ? overLimit('posts') : undefined)) : undefined;
    if (limitedUntil !== undefined) {
      fake.rateLimited += 1;
      return send(res, 429, { error: 'Too many requests' }, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': limitedUntil.toISOString() });
    }
    const fault = takeFault(method, path) ?? (hit === 'lost' ? { kind: 'lost-response' as const, remaining: 0 } : undefined);
    if (fault?.kind === 'reset') {
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'rate-limit') {
      return send(res, 429, { error: 'Too many requests' }, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': fake.rateLimitResetAt.toISOString() });
    }
    if (fault?.kind === 'rate-limit-bare') {
      res.writeHead(429, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify({ error: 'Too many requests' }));
      return;
    }
    if (fault?.kind === 'server-error') return send(res, 500, { error: 'We\'re sorry, but something went wrong on our end.' });
    if (fault?.kind === 'bad-gateway-html') {
      res.writeHead(502, { 'content-type': 'text/plain' });
      res.end('502 Bad Gateway');
      return;
    }
    if (fault?.kind === 'unauthorized' || req.headers.authorization !== `Bearer ${options.token}`) {
      return send(res, 401, { error: 'The access token is invalid' });
    }

    if (method === 'GET' && path === '/api/v1/accounts/verify_credentials') {
      return send(res, 200, { ...accountJson(self, fake.host), source: { privacy: 'public', sensitive: false, language: 'en', note: '', fields: [] } });
    }
    if (method === 'POST' && path === '/api/v2/media') {
      // Multipart form data, read with the platform's own parser.
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const form = await new Response(Buffer.concat(chunks), { headers: { 'content-type': req.headers['content-type'] ?? '' } }).formData();
      const file = form.get('file');
      const description = form.get('description');
      if (!(file instanceof Blob) || file.size === 0) return send(res, 422, { error: 'Validation failed: File is invalid' });
      if (!file.type.startsWith('image/')) return send(res, 422, { error: 'Validation failed: File has contents that are not what they are reported to be' });
      if (typeof description === 'string' && [...description].length > 1500) return send(res, 422, { error: 'Validation failed: Description is too long (maximum is 1500 characters)' });
      const media: FakeMediaAttachment = { id: nextId(), type: 'image', description: typeof description === 'string' ? description : null, contentType: file.type, bytes: Buffer.from(await file.arrayBuffer()), statusId: null };
      fake.media.push(media);
      return send(res, 200, mediaJson(media, fake.host));
    }
    const mediaMatch = /^\/api\/v1\/media\/(\d+)$/.exec(path);
    if (method === 'GET' && mediaMatch !== null) {
      // 200 once processed (images are processed at upload here); 206 would mean "still processing".
      const media = fake.media.find((m) => m.id === mediaMatch[1]);
      return media === undefined ? send(res, 404, { error: 'Record not found' }) : send(res, 200, mediaJson(media, fake.host));
    }
    if (method === 'POST' && path === '/api/v1/statuses') {
      const body = await readJson(req);
      const mediaIds = Array.isArray(body['media_ids']) ? body['media_ids'].map(String) : [];
      const media = mediaIds.map((id) => fake.media.find((m) => m.id === id));
      // Like Mastodon: the key is looked up first, the status is created (slowly, in a slow
      // commit), and only then is the key stored.
      const existing = typeof key === 'string' ? idempotency.get(key) : undefined;
      if (existing === undefined && (fault?.kind === 'slow-commit' || hit === 'slow-commit')) await delay(fake.slowCommitMs);
      let status = existing;
      if (status === undefined) {
        const text = typeof body['status'] === 'string' ? body['status'] : '';
        const inReplyToId = typeof body['in_reply_to_id'] === 'string' ? body['in_reply_to_id'] : null;
        if (text.trim().length === 0) return send(res, 422, { error: "Validation failed: Text can't be blank" });
        if ([...text.replace(/(@\w+)@[\w.-]+\w/g, '$1')].length > maxChars) return send(res, 422, { error: `Validation failed: Text character limit of ${maxChars} exceeded` });
        if (inReplyToId !== null && !statuses.some((s) => s.id === inReplyToId)) return send(res, 404, { error: 'Record not found' });
        if (media.some((m) => m === undefined || m.statusId !== null)) return send(res, 422, { error: 'Validation failed: Media attachments are invalid or already attached' });
        const visibility = (body['visibility'] as FakeStatus['visibility'] | undefined) ?? 'public';
        status = store(self, text, visibility, inReplyToId, typeof body['language'] === 'string' ? body['language'] : null, media as FakeMediaAttachment[]);
        fake.acceptedAt.set(status.id, Date.now());
        if (typeof key === 'string') idempotency.set(key, status);
      }
      if (fault?.kind === 'lost-response') {
        req.socket.destroy(); // stored, but the client never hears about it
        return;
      }
      if (fault?.kind === 'server-error-after-create' || hit === '5xx-after-create') return send(res, 500, { error: "We're sorry, but something went wrong on our end." });
      return send(res, 200, statusJson(status, fake.host));
    }
    if (fault?.kind === 'lost-response') {
      req.socket.destroy();
      return;
    }
    const statusMatch = /^\/api\/v1\/statuses\/(\d+)(\/context)?$/.exec(path);
    if (method === 'GET' && statusMatch !== null) {
      const status = statuses.find((s) => s.id === statusMatch[1]);
      if (status === undefined) return send(res, 404, { error: 'Record not found' });
      if (statusMatch[2] === undefined) return send(res, 200, statusJson(status, fake.host));
      const ancestors: FakeStatus[] = [];
      for (let s = status; s.inReplyToId !== null; ) {
        const parent = statuses.find((p) => p.id === s.inReplyToId);
        if (parent === undefined) break;
        ancestors.unshift(parent);
        s = parent;
      }
      return send(res, 200, { ancestors: ancestors.map((s) => statusJson(s, fake.host)), descendants: [] });
    }
    const accountStatuses = /^\/api\/v1\/accounts\/(\d+)\/statuses$/.exec(path);
    if (method === 'GET' && accountStatuses !== null) {
      const own = statuses.filter((s) => s.account.id === accountStatuses[1] && fake.lag.visible(s.id));
      return send(res, 200, page(own, url.searchParams).map((s) => statusJson(s, fake.host)));
    }
    if (method === 'GET' && path === '/api/v1/notifications') {
      const types = url.searchParams.getAll('types[]');
      const shown = notifications.filter((n) => fake.lag.visible(n.id));
      const wanted = types.length === 0 || types.includes('mention') ? shown : [];
      const items = page(wanted, url.searchParams).map((n) => ({
        id: n.id,
        type: 'mention',
        created_at: n.status.createdAt,
        group_key: `ungrouped-${n.id}`,
        account: accountJson(n.from, fake.host),
        status: statusJson(n.status, fake.host),
      }));
      return send(res, 200, items);
    }
    return send(res, 404, { error: 'Record not found' });
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  fake.url = `http://127.0.0.1:${port}`;
  fake.host = `127.0.0.1:${port}`;
  return fake;
}
