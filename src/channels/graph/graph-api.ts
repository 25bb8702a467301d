import { createHmac } from 'node:crypto';
import type { Logger } from 'pino';
import { AppError } from '../../domain/errors.js';
import type { Clock } from '../../domain/clock.js';
import type { ChannelHealth, ChannelState } from '../channel.js';
import { mapGraphError, mapNetworkError, type CallKind, type GraphErrorBody } from './graph-errors.js';
import { readGraphUsage, type GraphUsage } from './graph-usage.js';

export interface GraphApiOptions {
  /** Platform label for messages: `Facebook`, `Instagram`, `Threads`. */
  platform: string;
  /** `https://graph.facebook.com` or `https://graph.threads.net`. */
  baseUrl: string;
  /** Version prefix, e.g. `v21.0`. */
  version: string;
  token: () => string;
  /** With "Require App Secret" on, every call carries `appsecret_proof` (HMAC-SHA256 of the token). */
  appSecret?: () => string | undefined;
  timeoutMs: number;
  clock: Clock;
  logger: Logger;
}

export type GraphParams = Record<string, string | number | boolean | undefined>;

/**
 * One door to a Meta Graph API for an adapter: plain `fetch` (no maintained official Node SDK
 * covers Pages, Instagram publishing and Threads; the Business SDK targets the Marketing API),
 * the token in an Authorization header (never in a URL that could be logged), form-encoded
 * writes, typed errors by Graph `code`, health, and the usage headers kept for pacing.
 */
export class GraphApi {
  private state: ChannelHealth;
  /** The latest usage Meta reported; pollers slow down as it nears 100%. */
  usage: GraphUsage | undefined;

  constructor(private readonly options: GraphApiOptions) {
    this.state = { state: 'ok', since: options.clock.now() };
  }

  health(): ChannelHealth {
    return this.state;
  }

  setHealth(state: ChannelState, reason?: string): void {
    if (this.state.state === state && this.state.reason === reason) return;
    this.state = { state, since: this.options.clock.now(), ...(reason === undefined ? {} : { reason }) };
    if (state === 'disabled') this.options.logger.error({ state, reason }, `${this.options.platform} channel disabled: a person must renew its token`);
    else if (state !== 'ok') this.options.logger.warn({ state, reason }, `${this.options.platform} channel health changed`);
  }

  get<T>(what: string, path: string, params: GraphParams = {}): Promise<T> {
    return this.call<T>('read', what, 'GET', path, params);
  }

  post<T>(what: string, path: string, params: GraphParams, kind: CallKind = 'write'): Promise<T> {
    return this.call<T>(kind, what, 'POST', path, params);
  }

  /** Follows a `paging.next` URL as Meta gave it (same host and version). */
  async call<T>(kind: CallKind, what: string, method: 'GET' | 'POST', path: string, params: GraphParams): Promise<T> {
    const { platform, clock } = this.options;
    const url = new URL(path.startsWith('http') ? path : `${this.options.baseUrl.replace(/\/$/, '')}/${this.options.version}/${path}`);
    const token = this.options.token();
    const form = new URLSearchParams();
    const all: GraphParams = { ...params, ...this.proof(token) };
    for (const [k, v] of Object.entries(all)) if (v !== undefined) (method === 'GET' ? url.searchParams : form).set(k, String(v));
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(method === 'POST' ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
        ...(method === 'POST' ? { body: form.toString() } : {}),
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
    } catch (error) {
      throw this.failed(what, mapNetworkError(error, kind, platform));
    }
    this.usage = readGraphUsage(response.headers, clock.now()) ?? this.usage;
    let body: unknown;
    try {
      body = await response.json();
    } catch (error) {
      // A proxy's HTML page or a cut body: for a write, Meta may have stored it behind the proxy.
      const appError = response.ok || kind === 'write'
        ? new AppError(kind === 'write' ? 'OUTCOME_UNKNOWN' : 'PLATFORM_UNAVAILABLE', `unreadable answer from ${platform} (${response.status})`, { retryable: true, mayHaveSucceeded: kind === 'write', cause: error })
        : mapGraphError(response.status, undefined, kind, this.usage, clock.now(), platform);
      throw this.failed(what, appError);
    }
    const error = typeof body === 'object' && body !== null ? (body as { error?: GraphErrorBody }).error : undefined;
    if (!response.ok || error !== undefined) throw this.failed(what, mapGraphError(response.status, error, kind, this.usage, clock.now(), platform));
    if (this.state.state !== 'ok') this.setHealth('ok');
    return body as T;
  }

  private proof(token: string): GraphParams {
    const secret = this.options.appSecret?.();
    return secret === undefined || secret.length === 0 ? {} : { appsecret_proof: createHmac('sha256', secret).update(token).digest('hex') };
  }

  private failed(what: string, error: AppError): AppError {
    if (error.code === 'AUTH_FAILED') this.setHealth('disabled', `${what}: ${error.message}`);
    else if (error.retryable) this.setHealth('degraded', `${what}: ${error.message}`);
    return error;
  }
}

/** Graph times (`2026-01-16T09:00:00+0000`) as epoch ms. */
export function graphTimeMs(value: string | undefined): number {
  if (value === undefined) return 0;
  const ms = Date.parse(value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  return Number.isFinite(ms) ? ms : 0;
}

/** Text as compared when looking for a post after a lost answer: whitespace collapsed. */
export function comparableText(text: string): string {
  return text.replace(/\s+/gu, ' ').trim();
}
