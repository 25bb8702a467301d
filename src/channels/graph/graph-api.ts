import { createHmac } from 'node:crypto';
import type { GuardedCall } from '../kit/guarded-call.js';
import type { CallKind } from '../kit/platform-failure.js';
import { GraphAnswerError, type GraphErrorBody } from './graph-errors.js';
import { readGraphUsage, type GraphUsage } from './graph-usage.js';

export interface GraphApiOptions {
  /** `https://graph.facebook.com` or `https://graph.threads.net`. */
  baseUrl: string;
  /** Version prefix, e.g. `v21.0`. */
  version: string;
  token: () => string;
  /** With "Require App Secret" on, every call carries `appsecret_proof` (HMAC-SHA256 of the token). */
  appSecret?: () => string | undefined;
  timeoutMs: number;
  /** The kit's guarded call: deadline, the shared failure rules, health and logging. */
  guard: GuardedCall;
  now: () => number;
}

export type GraphParams = Record<string, string | number | boolean | undefined>;

/**
 * One door to a Meta Graph API for an adapter, on plain `fetch`: no maintained official Node SDK
 * covers Pages, Instagram publishing and Threads (the Business SDK targets the Marketing API), the
 * calls are form posts, and the adapters need the raw usage headers and error `code`s. The token
 * goes in an Authorization header (never in a URL that could be logged); every call runs through
 * the kit's guarded call, and answers become {@link GraphAnswerError}s the kit's rules classify.
 */
export class GraphApi {
  /** The latest usage Meta reported; pollers slow down as it nears 100%. */
  usage: GraphUsage | undefined;

  constructor(private readonly options: GraphApiOptions) {}

  get<T>(what: string, path: string, params: GraphParams = {}): Promise<T> {
    return this.call<T>('read', what, 'GET', path, params);
  }

  /** A POST; `read` when nothing a resident could see is made (a container, not yet published). */
  post<T>(what: string, path: string, params: GraphParams, kind: CallKind = 'write'): Promise<T> {
    return this.call<T>(kind, what, 'POST', path, params);
  }

  /**
   * `path` is relative to the version (`123/feed`), a `paging.next` URL as Meta gave it, or
   * `/name` for the few unversioned endpoints (token refresh). `tokenInQuery` sends the token as
   * `access_token` for endpoints documented that way only.
   */
  call<T>(kind: CallKind, what: string, method: 'GET' | 'POST', path: string, params: GraphParams, tokenInQuery = false): Promise<T> {
    return this.options.guard(kind, what, () => this.fetchOnce<T>(method, path, params, tokenInQuery));
  }

  private url(path: string): URL {
    if (path.startsWith('http')) return new URL(path);
    const base = this.options.baseUrl.replace(/\/$/, '');
    return new URL(path.startsWith('/') ? `${base}${path}` : `${base}/${this.options.version}/${path}`);
  }

  private async fetchOnce<T>(method: 'GET' | 'POST', path: string, params: GraphParams, tokenInQuery: boolean): Promise<T> {
    const url = this.url(path);
    const token = this.options.token();
    const form = new URLSearchParams();
    const all: GraphParams = { ...params, ...this.proof(token), ...(tokenInQuery ? { access_token: token } : {}) };
    for (const [k, v] of Object.entries(all)) if (v !== undefined) (method === 'GET' ? url.searchParams : form).set(k, String(v));
    const response = await fetch(url, {
      method,
      headers: { ...(tokenInQuery ? {} : { authorization: `Bearer ${token}` }), ...(method === 'POST' ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
      ...(method === 'POST' ? { body: form.toString() } : {}),
      signal: AbortSignal.timeout(this.options.timeoutMs),
    });
    const usage = readGraphUsage(response.headers, this.options.now());
    this.usage = usage ?? this.usage;
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      throw new GraphAnswerError(response.status, undefined, usage, true);
    }
    const error = typeof body === 'object' && body !== null ? (body as { error?: GraphErrorBody }).error : undefined;
    if (!response.ok || error !== undefined) throw new GraphAnswerError(response.status, error ?? undefined, usage);
    return body as T;
  }

  private proof(token: string): GraphParams {
    const secret = this.options.appSecret?.();
    return secret === undefined || secret.length === 0 ? {} : { appsecret_proof: createHmac('sha256', secret).update(token).digest('hex') };
  }
}
