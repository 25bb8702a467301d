import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { emptyStormHits, rollStormHit, type StormHit, type StormOdds } from '../fault-storm.js';
import { IndexingLag } from '../indexing-lag.js';
import { seededRandom } from '../../support/seeded-random.js';

/** A tweet as the fake stores it (the shape of X's v2 tweet object plus the reply link). */
export interface FakeTweet {
  id: string;
  text: string;
  author_id: string;
  created_at: string;
  conversation_id: string;
  in_reply_to_tweet_id?: string;
  /** Media attached at creation (ids from the v1.1 upload). */
  media_ids?: string[];
}

/** A file uploaded through v1.1 media/upload, with its alt text. */
export interface FakeMedia {
  id: string;
  mediaType: string;
  bytes: Buffer;
  /** From media/metadata/create. */
  altText?: string;
  /** The tweet it was attached to (a media id is used once). */
  tweetId?: string;
}

export interface FakeUser {
  id: string;
  username: string;
  name: string;
}

/**
 * `lost`: accept the post, then drop the connection; `hang`: accept it and never answer;
 * `503-after-create`: accept the post, then answer 503; `slow-commit`: answer (and store the
 * post) only after `slowCommitMs`; `429-bare`: a 429 without any reset header; `reset`: drop the
 * connection before anything is done.
 */
export type FaultKind = '429' | '429-bare' | '500' | '401' | 'lost' | 'hang' | '503-after-create' | 'slow-commit' | 'reset';

interface Fault {
  kind: FaultKind;
  remaining: number;
  /** `METHOD /path-prefix`, e.g. `POST /2/tweets`; every request when absent. */
  match?: string;
}

export interface RecordedRequest {
  method: string;
  path: string;
  authorization: string | undefined;
}

const PAGE = 100;

/**
 * Random faults on a share of requests (each a probability 0..1), for storm tests. `reset` drops
 * the connection before anything is done; `lost` (POST /2/tweets only) stores the tweet and then
 * drops the connection; `slow` delays the answer by up to `slowMs`.
 */
export interface FaultStorm extends StormOdds {
  /** Only requests whose `METHOD path` starts with this (default every API request). */
  match?: string;
}

/**
 * Loopback stand-in for api.x.com's v2 endpoints the X channel uses. Like X it HTML-escapes
 * `& < >` and shortens URLs to t.co in stored text, refuses duplicate text from one account with
 * 403, rotates single-use OAuth 2 refresh tokens, and sends x-rate-limit-* headers.
 */
export class FakeXServer {
  readonly me: FakeUser = { id: '1500000000000000001', username: 'city311', name: 'City 311' };
  readonly users = new Map<string, FakeUser>([[this.me.id, this.me]]);
  /** Every tweet on the fake platform, ours and citizens'. */
  readonly tweets: FakeTweet[] = [];
  /** Tweets accepted through POST /2/tweets, in order: the "exactly once" record. */
  readonly posted: FakeTweet[] = [];
  readonly requests: RecordedRequest[] = [];
  /** OAuth 1.0a: the access token the header must name. */
  oauth1AccessToken = 'fake-access-token';
  /** OAuth 2: bearer tokens currently valid, with their expiry (epoch ms). */
  readonly accessTokens = new Map<string, number>();
  /** OAuth 2: refresh tokens not yet spent. */
  readonly refreshTokens = new Set<string>();
  accessTokenTtlSeconds = 7200;
  /** Requests allowed per 15-minute window per endpoint before X would say 429. */
  windowLimit = 75;
  /**
   * Per-endpoint windows that override `windowLimit`, keyed like `POST /2/tweets` or
   * `GET /2/users/:id/mentions` (X: 300 posts per 15 minutes per user, for example). Enforced: a
   * request beyond the limit gets 429 with `x-rate-limit-reset`.
   */
  readonly endpointLimits = new Map<string, { limit: number; windowSeconds: number }>();
  /** Storm mode: random faults on a share of requests; undefined = off. */
  storm: FaultStorm | undefined;
  /** How many requests each storm fault hit, by kind. */
  readonly stormHits: Record<StormHit, number> = emptyStormHits();
  /** 429s sent because an enforced window was exhausted. */
  rateLimited = 0;
  /** Uploaded media by id (upload.x.com's v1.1 endpoints, served on the same origin). */
  readonly media = new Map<string, FakeMedia>();
  /** Acceptance time (epoch ms) of each tweet in `posted`, by id. */
  readonly acceptedAt = new Map<string, number>();
  /** New tweets show in timelines and mentions only after this lag (`lag.set(300, 2500)`). */
  readonly lag = new IndexingLag();
  /** How long a `slow-commit` POST takes before the tweet exists and the answer comes. */
  slowCommitMs = 3000;
  private stormRandom: (() => number) | undefined;
  private readonly windows = new Map<string, { remaining: number; reset: number }>();
  private faults: Fault[] = [];
  // Snowflake-sized ids (beyond 2^53) so any Number rounding in the adapter shows up.
  private nextId = 1_900_000_000_000_000_000n;
  private tokenSerial = 0;
  private server: http.Server | undefined;
  url = '';

  async start(): Promise<string> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const bytes = Buffer.concat(chunks);
        if (new URL(req.url ?? '/', 'http://fake').pathname.startsWith('/1.1/media/')) return void this.mediaRoute(req, res, bytes);
        this.dispatch(req, res, bytes.toString('utf8'));
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server === undefined ? resolve() : this.server.close(() => resolve())));
  }

  /**
   * upload.x.com: the simple upload (`media_data`, base64 in a form) and the alt text
   * (media/metadata/create, JSON). Images only.
   */
  private async mediaRoute(req: http.IncomingMessage, res: http.ServerResponse, bytes: Buffer): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://fake').pathname;
    this.requests.push({ method: req.method ?? 'POST', path, authorization: req.headers.authorization });
    const send = (status: number, payload?: unknown): void => {
      res.writeHead(status, payload === undefined ? {} : { 'content-type': 'application/json; charset=utf-8' });
      res.end(payload === undefined ? undefined : JSON.stringify(payload));
    };
    const fault = this.takeFault(req.method ?? 'POST', path);
    if (fault === 'reset') return void req.socket.destroy();
    if (fault === '500') return send(500, { errors: [{ code: 131, message: 'Internal error' }] });
    if (fault === '429') return send(429, { errors: [{ code: 88, message: 'Rate limit exceeded' }] });
    if (!this.authorised(req.headers.authorization)) return send(401, { errors: [{ code: 32, message: 'Could not authenticate you.' }] });
    if (path === '/1.1/media/metadata/create.json') {
      const input = parseBody(bytes.toString('utf8')) as { media_id?: string; alt_text?: { text?: string } };
      const media = this.media.get(String(input.media_id));
      if (media === undefined) return send(400, { errors: [{ code: 324, message: 'Invalid media id' }] });
      const alt = input.alt_text?.text;
      if (typeof alt !== 'string' || alt.length > 1000) return send(400, { errors: [{ code: 44, message: 'alt_text.text must be at most 1000 characters' }] });
      media.altText = alt;
      return send(200);
    }
    if (path !== '/1.1/media/upload.json') return send(404, { errors: [{ code: 34, message: 'Sorry, that page does not exist.' }] });
    const form = Object.fromEntries(new URLSearchParams(bytes.toString('utf8')));
    if (form['command'] === undefined && typeof form['media_data'] === 'string') {
      const data = Buffer.from(form['media_data'], 'base64');
      if (data.length === 0 || data.length > 5_242_880) return send(400, { errors: [{ code: 324, message: 'File size exceeds 5242880 bytes.' }] });
      if (!data.subarray(1, 4).equals(Buffer.from('PNG')) && !data.subarray(0, 2).equals(Buffer.from([0xff, 0xd8]))) return send(400, { errors: [{ code: 324, message: 'media type unrecognized.' }] });
      const id = this.newId();
      this.media.set(id, { id, mediaType: data[0] === 0x89 ? 'image/png' : 'image/jpeg', bytes: data });
      return send(200, { media_id: Number(id), media_id_string: id, size: data.length, expires_after_secs: 86_400, image: { image_type: 'image/png', w: 1080, h: 1350 } });
    }
    // The chunked upload (INIT/APPEND/FINALIZE) is not offered: the adapter does not use it.
    return send(400, { errors: [{ code: 38, message: 'media_data parameter is missing.' }] });
  }

  /** The bytes of an uploaded file, as X would show them. */
  mediaBytes(id: string): Buffer | undefined {
    const media = this.media.get(id);
    return media?.bytes;
  }

  /** Forgets every fault still waiting (the platform recovers). */
  clearFaults(): void {
    this.faults = [];
  }

  /** Makes the next `count` matching requests fail the given way. */
  failNext(kind: FaultKind, count = 1, match?: string): void {
    this.faults.push({ kind, remaining: count, ...(match !== undefined ? { match } : {}) });
  }

  addUser(username: string): FakeUser {
    const user = { id: this.newId(), username, name: username };
    this.users.set(user.id, user);
    return user;
  }

  /** A citizen's tweet mentioning our account. */
  addMention(from: FakeUser, text: string, inReplyTo?: string): FakeTweet {
    return this.store(from.id, `@${this.me.username} ${text}`, inReplyTo);
  }

  /** Issues a fresh OAuth 2 pair, as the authorisation step would. */
  issueOAuth2(): { accessToken: string; refreshToken: string } {
    this.tokenSerial += 1;
    const accessToken = `at-${this.tokenSerial}-${Math.random().toString(36).slice(2)}`;
    const refreshToken = `rt-${this.tokenSerial}-${Math.random().toString(36).slice(2)}`;
    this.accessTokens.set(accessToken, Date.now() + this.accessTokenTtlSeconds * 1000);
    this.refreshTokens.add(refreshToken);
    return { accessToken, refreshToken };
  }

  /** Empties the rate-limit window of one endpoint key (`GET /2/users/:id/mentions`). */
  exhaustWindow(key: string, resetInSeconds: number): void {
    this.windows.set(key, { remaining: 0, reset: Math.floor(Date.now() / 1000) + resetInSeconds });
  }

  /** Fresh windows for every endpoint (undoes exhaustWindow). */
  resetWindows(): void {
    this.windows.clear();
  }

  private newId(): string {
    this.nextId += BigInt(1 + Math.floor(Math.random() * 1000));
    return this.nextId.toString();
  }

  private store(authorId: string, text: string, inReplyTo?: string): FakeTweet {
    const id = this.newId();
    const parent = inReplyTo === undefined ? undefined : this.tweets.find((t) => t.id === inReplyTo);
    const tweet: FakeTweet = {
      id,
      text: xRewrite(text),
      author_id: authorId,
      created_at: new Date().toISOString(),
      conversation_id: parent?.conversation_id ?? id,
      ...(inReplyTo !== undefined ? { in_reply_to_tweet_id: inReplyTo } : {}),
    };
    this.tweets.push(tweet);
    this.lag.created(id);
    return tweet;
  }

  private takeFault(method: string, path: string): FaultKind | undefined {
    const fault = this.faults.find((f) => f.remaining > 0 && (f.match === undefined || `${method} ${path}`.startsWith(f.match)));
    if (fault === undefined) return undefined;
    fault.remaining -= 1;
    this.faults = this.faults.filter((f) => f.remaining > 0);
    return fault.kind;
  }

  /** Storm faults first (when on), then the normal handling. */
  private dispatch(req: http.IncomingMessage, res: http.ServerResponse, body: string): void {
    const hit = this.stormHit(req.method ?? 'GET', new URL(req.url ?? '/', 'http://fake').pathname);
    if (hit === undefined) return this.handle(req, res, body);
    this.stormHits[hit] += 1;
    if (hit === 'reset') return void req.socket.destroy();
    if (hit === 'slow') {
      const delay = Math.round((this.stormRandom?.() ?? 0.5) * (this.storm?.slowMs ?? 1000));
      setTimeout(() => this.handle(req, res, body), delay);
      return;
    }
    this.handle(req, res, body, hit === '5xx-after-create' ? '503-after-create' : hit);
  }

  private stormHit(method: string, path: string): StormHit | undefined {
    const storm = this.storm;
    if (storm === undefined || path === '/2/oauth2/token') return undefined;
    if (storm.match !== undefined && !`${method} ${path}`.startsWith(storm.match)) return undefined;
    this.stormRandom ??= seededRandom(storm.seed ?? 1);
    const lostAllowed = method === 'POST' && path === '/2/tweets';
    return rollStormHit(storm, this.stormRandom, lostAllowed);
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse, body: string, stormFault?: '429' | '500' | 'lost' | '503-after-create' | 'slow-commit'): void {
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', 'http://fake');
    const path = url.pathname;
    this.requests.push({ method, path, authorization: req.headers.authorization });
    const key = `${method} ${path.replace(/\/users\/\d+\//, '/users/:id/')}`;
    const window = this.countWindow(key);
    const limit = this.endpointLimits.get(key)?.limit ?? this.windowLimit;
    const send = (status: number, payload: unknown, extra: Record<string, string> = {}): void => {
      res.writeHead(status, {
        'content-type': 'application/json; charset=utf-8',
        'x-rate-limit-limit': String(limit),
        'x-rate-limit-remaining': String(Math.max(0, window.remaining)),
        'x-rate-limit-reset': String(window.reset),
        ...extra,
      });
      res.end(JSON.stringify(payload));
    };
    if (method === 'POST' && path === '/2/oauth2/token') return this.token(req, body, send);

    const fault = stormFault ?? this.takeFault(method, path);
    if (fault === 'reset') return void req.socket.destroy();
    if (stormFault === '429') {
      const reset = Math.floor(Date.now() / 1000) + (this.storm?.resetSeconds ?? 1);
      return send(429, problem(429, 'Too Many Requests', 'Too Many Requests'), { 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': String(reset) });
    }
    if (window.remaining < 0) this.rateLimited += 1;
    if (fault === '429' || window.remaining < 0) {
      return send(429, problem(429, 'Too Many Requests', 'Too Many Requests'), { 'x-rate-limit-remaining': '0' });
    }
    if (fault === '429-bare') {
      res.writeHead(429, { 'content-type': 'application/json; charset=utf-8' });
      return void res.end(JSON.stringify(problem(429, 'Too Many Requests', 'Too Many Requests')));
    }
    if (fault === '500') return send(500, problem(500, 'Internal Server Error', 'Something went wrong'));
    if (fault === '401' || !this.authorised(req.headers.authorization)) return send(401, problem(401, 'Unauthorized', 'Unauthorized'));

    if (method === 'POST' && path === '/2/tweets') {
      // A slow commit: the tweet exists (and the answer comes) only later; the client may give up first.
      if (fault === 'slow-commit') return void setTimeout(() => this.createTweet(req, body, send, undefined), this.slowCommitMs);
      return this.createTweet(req, body, send, fault);
    }
    if (method === 'GET' && path === '/2/users/me') return send(200, { data: this.me });
    const timeline = /^\/2\/users\/(\d+)\/(mentions|tweets)$/.exec(path);
    if (method === 'GET' && timeline !== null) {
      const [, userId, which] = timeline;
      const user = this.users.get(userId as string);
      if (user === undefined) return send(404, problem(404, 'Not Found Error', 'Could not find user'));
      const mention = new RegExp(`@${user.username}\\b`, 'i');
      const pick = which === 'mentions' ? (t: FakeTweet) => t.author_id !== user.id && mention.test(t.text) : (t: FakeTweet) => t.author_id === user.id;
      return send(200, this.page(this.tweets.filter(pick), url.searchParams));
    }
    send(404, problem(404, 'Not Found', `no route ${method} ${path}`));
  }

  /** POST /2/tweets once it commits: X's checks, the store, then the answer (or the fault). */
  private createTweet(req: http.IncomingMessage, body: string, send: (status: number, payload: unknown) => void, fault: FaultKind | undefined): void {
    const input = parseBody(body) as { text?: string; reply?: { in_reply_to_tweet_id?: string }; media?: { media_ids?: string[] } };
    if (typeof input.text !== 'string' || input.text.length === 0) return send(400, problem(400, 'Invalid Request', 'text is required'));
    const mediaIds = input.media?.media_ids ?? [];
    if (mediaIds.some((id) => this.media.get(id) === undefined || this.media.get(id)?.tweetId !== undefined)) return send(400, problem(400, 'Invalid Request', 'Your media IDs are invalid.'));
    const replyTo = input.reply?.in_reply_to_tweet_id;
    if (replyTo !== undefined && !this.tweets.some((t) => t.id === replyTo)) {
      return send(403, problem(403, 'Forbidden', 'You attempted to reply to a Tweet that is deleted or not visible to you.'));
    }
    // X checks every stored tweet, visible yet or not.
    if (this.tweets.some((t) => t.author_id === this.me.id && t.text === xRewrite(input.text as string))) {
      return send(403, problem(403, 'Forbidden', 'You are not allowed to create a Tweet with duplicate content.'));
    }
    const tweet = this.store(this.me.id, input.text, replyTo);
    if (mediaIds.length > 0) {
      tweet.media_ids = mediaIds;
      for (const id of mediaIds) (this.media.get(id) as FakeMedia).tweetId = tweet.id;
    }
    this.posted.push(tweet);
    this.acceptedAt.set(tweet.id, Date.now());
    // Lost response: the post is in, the answer never arrives.
    if (fault === 'lost') return void req.socket.destroy();
    if (fault === 'hang') return;
    if (fault === '503-after-create') return send(503, problem(503, 'Service Unavailable', 'Service Unavailable'));
    return send(201, { data: { id: tweet.id, text: tweet.text, edit_history_tweet_ids: [tweet.id] } });
  }

  /** Accepts an OAuth 1.0a header for our access token, or a live OAuth 2 bearer token. */
  private authorised(header: string | undefined): boolean {
    if (header === undefined) return false;
    if (header.startsWith('OAuth ')) {
      return header.includes('oauth_consumer_key="') && header.includes('oauth_signature="') && header.includes(`oauth_token="${encodeURIComponent(this.oauth1AccessToken)}"`);
    }
    if (header.startsWith('Bearer ')) {
      const expiry = this.accessTokens.get(header.slice('Bearer '.length));
      return expiry !== undefined && expiry > Date.now();
    }
    return false;
  }

  private token(req: http.IncomingMessage, body: string, send: (status: number, payload: unknown) => void): void {
    const input = parseBody(body) as Record<string, string | undefined>;
    if (req.headers.authorization?.startsWith('Basic ') !== true && input['client_id'] === undefined) {
      return send(401, { error: 'unauthorized_client', error_description: 'Missing valid authorization header' });
    }
    const spent = input['refresh_token'];
    if (input['grant_type'] !== 'refresh_token' || spent === undefined || !this.refreshTokens.delete(spent)) {
      return send(400, { error: 'invalid_request', error_description: 'Value passed for the token was invalid.' });
    }
    const pair = this.issueOAuth2();
    send(200, {
      token_type: 'bearer',
      expires_in: this.accessTokenTtlSeconds,
      access_token: pair.accessToken,
      scope: 'tweet.read tweet.write users.read offline.access',
      refresh_token: pair.refreshToken,
    });
  }

  private page(all: FakeTweet[], query: URLSearchParams): unknown {
    const sinceId = query.get('since_id');
    const start = query.get('start_time');
    const max = Number(query.get('max_results') ?? '10');
    const offset = Number(query.get('pagination_token') ?? '0');
    const matching = all
      .filter((t) => this.lag.visible(t.id) && (sinceId === null || BigInt(t.id) > BigInt(sinceId)) && (start === null || Date.parse(t.created_at) >= Date.parse(start)))
      .sort((a, b) => (BigInt(b.id) > BigInt(a.id) ? 1 : -1));
    const slice = matching.slice(offset, offset + Math.min(max, PAGE));
    if (slice.length === 0) return { meta: { result_count: 0 } };
    const next = offset + slice.length < matching.length ? String(offset + slice.length) : undefined;
    const authors = [...new Set(slice.map((t) => t.author_id))].map((id) => this.users.get(id)).filter((u) => u !== undefined);
    return {
      data: slice.map(({ in_reply_to_tweet_id, media_ids: _media, ...t }) => ({
        ...t,
        edit_history_tweet_ids: [t.id],
        ...(in_reply_to_tweet_id !== undefined ? { referenced_tweets: [{ type: 'replied_to', id: in_reply_to_tweet_id }] } : {}),
      })),
      includes: { users: authors },
      meta: { result_count: slice.length, newest_id: slice[0]?.id, oldest_id: slice.at(-1)?.id, ...(next !== undefined ? { next_token: next } : {}) },
    };
  }

  private countWindow(key: string): { remaining: number; reset: number } {
    const now = Math.floor(Date.now() / 1000);
    const own = this.endpointLimits.get(key);
    let window = this.windows.get(key);
    if (window === undefined || window.reset <= now) window = { remaining: own?.limit ?? this.windowLimit, reset: now + (own?.windowSeconds ?? 900) };
    window.remaining -= 1;
    this.windows.set(key, window);
    return window;
  }
}

/** What X does to text on the way in: t.co links and HTML-escaped `& < >`. */
function xRewrite(text: string): string {
  let n = 0;
  return text
    .replace(/https?:\/\/\S+/g, () => `https://t.co/fake${(n += 1)}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

function problem(status: number, title: string, detail: string): unknown {
  return { title, detail, type: 'about:blank', status };
}

function parseBody(body: string): unknown {
  if (body.length === 0) return {};
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return Object.fromEntries(new URLSearchParams(body));
  }
}
