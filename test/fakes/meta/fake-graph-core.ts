import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { emptyStormHits, rollStormHit, type StormHit, type StormOdds } from '../fault-storm.js';
import { IndexingLag } from '../indexing-lag.js';
import { seededRandom } from '../../support/seeded-random.js';

/**
 * Faults a Graph fake can inject on the next matching requests:
 * - `rate-limit`: a Graph throttling error (`code` 4, 17, 32, 613 or 80001) with usage headers
 *   naming the regain time (`regainMinutes`, the server's by default);
 * - `rate-limit-bare`: an app-level throttle (`code` 4) with `X-App-Usage` only: no regain time;
 * - `server-error`: HTTP 500, `code` 2 (a transient service error);
 * - `expired-token`: `code` 190, `error_subcode` 463 (the token expired);
 * - `policy-block`: `code` 368 (temporarily blocked for policy violations);
 * - `lost-response`: a create is stored, then the connection is dropped;
 * - `error-after-create`: a create is stored, then answered with a 500;
 * - `slow-commit`: a create is answered and stored only after `slowMs` (past the client's timeout).
 */
export type GraphFaultKind = 'rate-limit' | 'rate-limit-bare' | 'server-error' | 'expired-token' | 'policy-block' | 'lost-response' | 'error-after-create' | 'slow-commit';

export interface GraphFault {
  kind: GraphFaultKind;
  /** Only requests whose `METHOD path` contains this string or matches this pattern; every request when absent. */
  match?: string | RegExp;
  remaining: number;
  /** For rate limits: the Graph error code (default 32, the Page rate limit). */
  code?: number;
  /** For rate limits: minutes in `estimated_time_to_regain_access` (0 = the budget is back). */
  regainMinutes?: number;
  slowMs?: number;
}

export interface GraphRequestRecord {
  method: string;
  path: string;
  params: Record<string, string>;
  at: number;
}

/** What a route handler gets: the parsed request and helpers to answer the Graph way. */
export interface GraphCall {
  method: string;
  /** Path without the version prefix, split: `/v21.0/123/feed` → `['123', 'feed']`. */
  parts: string[];
  params: Record<string, string>;
  token: string | undefined;
  /** A fault for a create: the route stores the object and then calls `afterCreate`. */
  createFault: GraphFault | undefined;
  res: http.ServerResponse;
  req: http.IncomingMessage;
}

export type GraphRoute = (call: GraphCall) => Promise<boolean> | boolean;

export interface GraphServerOptions {
  /** Version prefix the paths must carry, e.g. `v21.0` (Facebook, Instagram) or `v1.0` (Threads). */
  version: string;
  /** Tokens this server accepts. */
  tokens: () => Set<string>;
  /** Create calls (`METHOD path` contains one of these) may be lost, fail after create, or commit slowly. */
  createPaths: string[];
  /** Paths served without the version prefix (e.g. `/refresh_access_token`). */
  unversioned?: string[];
}

let traceSequence = 0;

/** The Graph API error object, as every Meta API sends it. */
export function graphError(message: string, code: number, extra: { type?: string; subcode?: number; transient?: boolean } = {}): { error: Record<string, unknown> } {
  return {
    error: {
      message,
      type: extra.type ?? (code === 190 || code === 102 ? 'OAuthException' : 'GraphMethodException'),
      code,
      ...(extra.subcode === undefined ? {} : { error_subcode: extra.subcode }),
      ...(extra.transient === undefined ? {} : { is_transient: extra.transient }),
      fbtrace_id: `AbCdEf${(++traceSequence).toString(36)}`,
    },
  };
}

/**
 * The shared machinery of the Meta Graph fakes: one loopback HTTP server, versioned paths,
 * access tokens (query, form field or Bearer header), Graph error objects, `X-App-Usage` and
 * `X-Business-Use-Case-Usage` headers, cursor paging, injectable faults and a seeded fault storm.
 */
export class FakeGraphServer {
  url = '';
  readonly requests: GraphRequestRecord[] = [];
  readonly faults: GraphFault[] = [];
  /** Percent of the call budget reported in the usage headers (0–100). */
  usagePercent = 5;
  /** Minutes reported as `estimated_time_to_regain_access` on a throttling error. */
  regainMinutes = 1;
  /** How long a `slow-commit` create waits before it is stored and answered. */
  slowCommitMs = 3_000;
  /** New posts and comments show in lists only after this lag; fetching one by id is never lagged. */
  readonly lag = new IndexingLag();
  storm: (StormOdds & { match?: string }) | undefined;
  stormHits: Record<StormHit, number> = emptyStormHits();
  private stormRandom: (() => number) | undefined;
  private readonly server: http.Server;
  private readonly routes: GraphRoute[] = [];

  constructor(private readonly options: GraphServerOptions) {
    this.server = http.createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => this.send(res, 500, graphError(String(error), 1)));
    });
  }

  route(route: GraphRoute): void {
    this.routes.push(route);
  }

  fail(kind: GraphFaultKind, options: { times?: number; match?: string | RegExp; code?: number; regainMinutes?: number; slowMs?: number } = {}): void {
    const { times, ...rest } = options;
    this.faults.push({ kind, remaining: times ?? 1, ...rest });
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.closeAllConnections();
      this.server.close(() => resolve());
    });
  }

  send(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    if (res.headersSent || res.destroyed) return;
    const usage = { call_count: this.usagePercent, total_cputime: Math.round(this.usagePercent / 2), total_time: Math.round(this.usagePercent / 2) };
    const all: Record<string, string> = {
      'content-type': 'application/json; charset=UTF-8',
      'x-fb-trace-id': `trace${traceSequence}`,
      'x-app-usage': JSON.stringify(usage),
      'x-business-use-case-usage': JSON.stringify({ '1000000001': [{ type: 'pages', ...usage, estimated_time_to_regain_access: this.usagePercent >= 100 ? this.regainMinutes : 0 }] }),
      ...headers,
    };
    // An empty value in `headers` leaves that header out.
    for (const [name, value] of Object.entries(all)) if (value === '') delete all[name];
    res.writeHead(status, all);
    res.end(JSON.stringify(body));
  }

  /** After a create was stored: apply the create fault, or answer. */
  afterCreate(call: GraphCall, body: unknown): void {
    const fault = call.createFault;
    if (fault?.kind === 'lost-response') {
      call.req.socket.destroy();
      return;
    }
    if (fault?.kind === 'error-after-create') return this.send(call.res, 500, graphError('An unexpected error has occurred. Please retry your request later.', 2, { transient: true }));
    this.send(call.res, 200, body);
  }

  /** Cursor paging the Graph way: `data`, `paging.cursors.{before,after}`, `paging.next`. */
  page<T>(call: GraphCall, items: T[], defaultLimit = 25): { data: T[]; paging?: Record<string, unknown> } {
    const limit = Math.min(Number(call.params['limit'] ?? defaultLimit), 100);
    const start = call.params['after'] === undefined ? 0 : Number(Buffer.from(call.params['after'], 'base64url').toString('utf8'));
    const data = items.slice(start, start + limit);
    if (data.length === 0) return { data };
    const cursor = (n: number) => Buffer.from(String(n), 'utf8').toString('base64url');
    const after = cursor(start + data.length);
    const next = new URL(`${this.url}/${this.options.version}/${call.parts.join('/')}`);
    for (const [k, v] of Object.entries(call.params)) if (k !== 'after' && k !== 'access_token') next.searchParams.set(k, v);
    next.searchParams.set('after', after);
    return { data, paging: { cursors: { before: cursor(start), after }, ...(start + data.length < items.length ? { next: next.toString() } : {}) } };
  }

  private async readParams(req: http.IncomingMessage, url: URL): Promise<Record<string, string>> {
    const params: Record<string, string> = Object.fromEntries(url.searchParams);
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    if (raw.length === 0) return params;
    if ((req.headers['content-type'] ?? '').includes('application/json')) {
      for (const [k, v] of Object.entries(JSON.parse(raw) as Record<string, unknown>)) params[k] = typeof v === 'string' ? v : JSON.stringify(v);
    } else for (const [k, v] of new URLSearchParams(raw)) params[k] = v;
    return params;
  }

  private takeFault(method: string, path: string): GraphFault | undefined {
    const line = `${method} ${path}`;
    const fault = this.faults.find((f) => f.remaining > 0 && (f.match === undefined || (typeof f.match === 'string' ? line.includes(f.match) : f.match.test(line))));
    if (fault !== undefined) fault.remaining--;
    return fault;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    const method = req.method ?? 'GET';
    const params = await this.readParams(req, url);
    this.requests.push({ method, path: url.pathname, params, at: Date.now() });
    const unversioned = this.options.unversioned?.includes(url.pathname) === true;
    const [version, ...parts] = unversioned ? [this.options.version, ...url.pathname.split('/').filter(Boolean)] : url.pathname.split('/').filter(Boolean);
    if (version !== this.options.version) return this.send(res, 400, graphError(`Unknown path components: /${version ?? ''}`, 2500, { type: 'OAuthException' }));
    const isCreate = method === 'POST' && this.options.createPaths.some((p) => url.pathname.includes(p));

    const hit = this.rollStorm(method, url.pathname, isCreate);
    if (hit === 'reset') return void req.socket.destroy();
    if (hit === 'slow') await new Promise((r) => setTimeout(r, Math.round((this.stormRandom?.() ?? 0.5) * (this.storm?.slowMs ?? 500))));
    // A storm 429 is a business-use-case throttle whose regain time is the storm's reset, in
    // Meta's whole minutes (a reset under a minute says 0: the budget is back).
    if (hit === '429') return this.send(res, 400, graphError('There have been too many calls to this Page account. Wait a bit and try again.', 80001, { transient: true }), this.throttleHeaders(Math.floor((this.storm?.resetSeconds ?? 60) / 60)));
    if (hit === '500') return this.send(res, 500, graphError('An unexpected error has occurred. Please retry your request later.', 2, { transient: true }));

    const fault = this.takeFault(method, url.pathname) ?? this.stormFault(hit);
    if (fault?.kind === 'rate-limit') {
      const code = fault.code ?? 32;
      const message = code === 4 ? '(#4) Application request limit reached' : code === 17 ? '(#17) User request limit reached' : code === 613 ? '(#613) Calls to this api have exceeded the rate limit.' : code === 80001 ? 'There have been too many calls to this Page account. Wait a bit and try again.' : '(#32) Page request limit reached';
      return this.send(res, 400, graphError(message, code, { transient: true }), this.throttleHeaders(fault.regainMinutes ?? this.regainMinutes));
    }
    if (fault?.kind === 'rate-limit-bare') {
      // App-level limits report usage in X-App-Usage only, which carries no regain time.
      return this.send(res, 400, graphError('(#4) Application request limit reached', 4, { transient: true }), { 'x-app-usage': JSON.stringify({ call_count: 100, total_cputime: 40, total_time: 60 }), 'x-business-use-case-usage': '' });
    }
    if (fault?.kind === 'server-error') return this.send(res, 500, graphError('An unexpected error has occurred. Please retry your request later.', 2, { transient: true }));
    if (fault?.kind === 'policy-block') return this.send(res, 400, graphError('It looks like you were misusing this feature by going too fast. You’ve been temporarily blocked from using it.', 368, { subcode: 1390008 }));
    const bearer = req.headers.authorization?.replace(/^Bearer /, '');
    const token = params['access_token'] ?? bearer;
    if (fault?.kind === 'expired-token' || token === undefined || !this.options.tokens().has(token)) {
      return fault?.kind === 'expired-token' || token !== undefined
        ? this.send(res, 400, graphError('Error validating access token: Session has expired on Friday, 16-Jan-26 09:00:00 PST. The current time is Friday, 16-Jan-26 10:00:00 PST.', 190, { subcode: 463 }), { 'www-authenticate': 'OAuth "Facebook Platform" "invalid_token" "Error validating access token"' })
        : this.send(res, 400, graphError('An active access token must be used to query information about the current user.', 2500, { type: 'OAuthException' }));
    }
    if (fault?.kind === 'slow-commit' && isCreate) await new Promise((r) => setTimeout(r, fault.slowMs ?? this.slowCommitMs));
    const call: GraphCall = { method, parts, params, token, createFault: isCreate ? fault : undefined, res, req };
    if (fault?.kind === 'lost-response' && !isCreate) return void req.socket.destroy();
    for (const route of this.routes) if (await route(call)) return;
    this.send(res, 400, graphError(`Unsupported ${method.toLowerCase()} request. Object with ID '${parts[0] ?? ''}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`, 100, { subcode: 33 }));
  }

  private throttleHeaders(regainMinutes: number): Record<string, string> {
    const usage = { call_count: 100, total_cputime: 40, total_time: 60 };
    return { 'x-app-usage': JSON.stringify(usage), 'x-business-use-case-usage': JSON.stringify({ '1000000001': [{ type: 'pages', ...usage, estimated_time_to_regain_access: regainMinutes }] }) };
  }

  /** The storm's create faults (rolled for creates only), as the faults a test injects. */
  private stormFault(hit: StormHit | undefined): GraphFault | undefined {
    if (hit === 'lost') return { kind: 'lost-response', remaining: 0 };
    if (hit === '5xx-after-create') return { kind: 'error-after-create', remaining: 0 };
    if (hit === 'slow-commit') return { kind: 'slow-commit', remaining: 0, slowMs: this.storm?.slowCommitMs ?? this.slowCommitMs };
    return undefined;
  }

  private rollStorm(method: string, path: string, isCreate: boolean): StormHit | undefined {
    const storm = this.storm;
    if (storm === undefined || (storm.match !== undefined && !`${method} ${path}`.includes(storm.match))) return undefined;
    this.stormRandom ??= seededRandom(storm.seed ?? 1);
    const hit = rollStormHit(storm, this.stormRandom, isCreate);
    if (hit !== undefined) this.stormHits[hit] += 1;
    return hit;
  }
}

/** Graph ids are decimal strings; a fake's ids grow with time so they sort like the real ones. */
export function idSequence(base: bigint): () => string {
  let n = 0n;
  return () => String(base + ++n);
}

/** ISO 8601 the way the Graph API writes times: `2026-01-16T09:00:00+0000`. */
export function graphTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+0000');
}
