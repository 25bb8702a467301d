import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { accountJson, statusJson, type FakeAccount, type FakeStatus } from './fake-mastodon-render.js';

export type FaultKind = 'rate-limit' | 'server-error' | 'bad-gateway-html' | 'unauthorized' | 'lost-response';

export interface Fault {
  kind: FaultKind;
  /** Only requests whose `METHOD path` contains this are hit; all requests when absent. */
  match?: string;
  remaining: number;
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
  /** Makes the next `times` matching requests fail. */
  fail(kind: FaultKind, options?: { times?: number; match?: string }): void;
  /** Time sent as `X-RateLimit-Reset` with 429s (ISO 8601, as Mastodon does). */
  rateLimitResetAt: Date;
  /** Another account mentions ours; a notification is created unless it is our own status. */
  mention(input: { from: string; text: string; visibility?: FakeStatus['visibility']; inReplyToId?: string; bot?: boolean }): FakeStatus;
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

  function account(acct: string, bot = false): FakeAccount {
    const clean = acct.replace(/^@/, '');
    let found = accounts.get(clean);
    if (found === undefined) {
      found = { id: String(109_000_000_000_000_100n + BigInt(accounts.size)), username: clean.split('@')[0] ?? clean, acct: clean, bot };
      accounts.set(clean, found);
    }
    return found;
  }

  function store(from: FakeAccount, text: string, visibility: FakeStatus['visibility'], inReplyToId: string | null, language: string | null): FakeStatus {
    const parent = inReplyToId === null ? undefined : statuses.find((s) => s.id === inReplyToId);
    const mentions = [...text.matchAll(/(?:^|[^/\w])@([a-z0-9_][\w.-]*(?:@[\w.-]+\w)?)/giu)].map((m) => account(m[1] ?? ''));
    const status: FakeStatus = { id: nextId(), account: from, text, visibility, inReplyToId, inReplyToAccountId: parent?.account.id ?? null, language, mentions, createdAt: new Date().toISOString() };
    statuses.push(status);
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
    fail(kind, opts = {}) {
      faults.push({ kind, remaining: opts.times ?? 1, ...(opts.match === undefined ? {} : { match: opts.match }) });
    },
    mention(input) {
      const from = account(input.from, input.bot ?? false);
      const text = input.text.includes(`@${self.username}`) ? input.text : `@${self.username} ${input.text}`;
      const status = store(from, text, input.visibility ?? 'public', input.inReplyToId ?? null, 'en');
      notifications.push({ id: nextId(), status, from });
      return status;
    },
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };

  function send(res: http.ServerResponse, code: number, body: unknown, headers: Record<string, string> = {}): void {
    const reset = new Date(Math.ceil(Date.now() / 300_000) * 300_000).toISOString();
    res.writeHead(code, { 'content-type': 'application/json; charset=utf-8', 'x-ratelimit-limit': '300', 'x-ratelimit-remaining': '299', 'x-ratelimit-reset': reset, ...headers });
    res.end(JSON.stringify(body));
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
    const fault = takeFault(method, path);
    if (fault?.kind === 'rate-limit') {
      return send(res, 429, { error: 'Too many requests' }, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': fake.rateLimitResetAt.toISOString() });
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
    if (method === 'POST' && path === '/api/v1/statuses') {
      const body = await readJson(req);
      const existing = typeof key === 'string' ? idempotency.get(key) : undefined;
      let status = existing;
      if (status === undefined) {
        const text = typeof body['status'] === 'string' ? body['status'] : '';
        const inReplyToId = typeof body['in_reply_to_id'] === 'string' ? body['in_reply_to_id'] : null;
        if (text.trim().length === 0) return send(res, 422, { error: "Validation failed: Text can't be blank" });
        if ([...text.replace(/(@\w+)@[\w.-]+\w/g, '$1')].length > maxChars) return send(res, 422, { error: `Validation failed: Text character limit of ${maxChars} exceeded` });
        if (inReplyToId !== null && !statuses.some((s) => s.id === inReplyToId)) return send(res, 404, { error: 'Record not found' });
        const visibility = (body['visibility'] as FakeStatus['visibility'] | undefined) ?? 'public';
        status = store(self, text, visibility, inReplyToId, typeof body['language'] === 'string' ? body['language'] : null);
        if (typeof key === 'string') idempotency.set(key, status);
      }
      if (fault?.kind === 'lost-response') {
        req.socket.destroy(); // stored, but the client never hears about it
        return;
      }
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
      const own = statuses.filter((s) => s.account.id === accountStatuses[1]);
      return send(res, 200, page(own, url.searchParams).map((s) => statusJson(s, fake.host)));
    }
    if (method === 'GET' && path === '/api/v1/notifications') {
      const types = url.searchParams.getAll('types[]');
      const wanted = types.length === 0 || types.includes('mention') ? notifications : [];
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
