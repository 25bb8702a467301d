import { AppError } from '../../domain/errors.js';
import type { GraphUsage } from './graph-usage.js';

/** Whether the failed call could have created something (a post, a comment, a published container). */
export type CallKind = 'read' | 'write';

/** The Graph API error object (`{"error": {...}}`), as Facebook, Instagram and Threads send it. */
export interface GraphErrorBody {
  message?: string;
  type?: string;
  code?: number;
  error_subcode?: number;
  is_transient?: boolean;
  fbtrace_id?: string;
}

/** Throttling codes: 4 app, 17 user, 32 page, 613 custom, 9 Instagram publishing, 80001–80009 BUC. */
const THROTTLED = new Set([4, 9, 17, 32, 613, 80001, 80002, 80003, 80004, 80005, 80006, 80008, 80009]);
/** Socket codes that prove the request never left this host. */
const NEVER_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);
/** Meta's throttling windows are an hour or a day; without a hint, wait this long. */
const DEFAULT_THROTTLE_WAIT_MS = 5 * 60_000;
/** `368`: blocked for going too fast; Meta gives no end time. */
const POLICY_BLOCK_WAIT_MS = 60 * 60_000;

/**
 * Maps a Graph API answer onto the AppError contract by the error `code` (not the HTTP status,
 * which Meta sets to 400 for most errors, throttling included):
 * - 190/102 (token expired, revoked, password changed) and 10/200–299 (permission missing):
 *   AUTH_FAILED, the channel is disabled until a person renews the token;
 * - throttling codes: RATE_LIMITED until `estimated_time_to_regain_access`;
 * - 368: RATE_LIMITED for an hour (a temporary block; staff should look);
 * - 506: REJECTED as a duplicate of the latest post;
 * - 1, 2, `is_transient`, HTTP 5xx: PLATFORM_UNAVAILABLE, and a write may have succeeded;
 * - 100 with subcode 33 or HTTP 404: NOT_FOUND (a deleted comment); other 4xx: REJECTED.
 */
export function mapGraphError(status: number, body: GraphErrorBody | undefined, call: CallKind, usage: GraphUsage | undefined, now: number, platform: string): AppError {
  const code = body?.code;
  const trace = body?.fbtrace_id === undefined ? '' : ` (fbtrace_id ${body.fbtrace_id})`;
  const message = `${platform} answered ${status}${code === undefined ? '' : `, code ${code}${body?.error_subcode === undefined ? '' : `/${body.error_subcode}`}`}: ${body?.message ?? 'no error message'}${trace}`;
  const write = call === 'write';
  if (code === 190 || code === 102 || code === 10 || (code !== undefined && code >= 200 && code <= 299)) return new AppError('AUTH_FAILED', message, { retryable: false });
  if (code !== undefined && THROTTLED.has(code)) return new AppError('RATE_LIMITED', message, { retryable: true, retryAt: usage?.regainAt ?? now + DEFAULT_THROTTLE_WAIT_MS });
  if (code === 368) return new AppError('RATE_LIMITED', message, { retryable: true, retryAt: now + POLICY_BLOCK_WAIT_MS });
  if (code === 506) return new AppError('REJECTED', `duplicate of the latest post: ${message}`, { retryable: false });
  if (status >= 500 || code === 1 || code === 2 || body?.is_transient === true) return new AppError('PLATFORM_UNAVAILABLE', message, { retryable: true, mayHaveSucceeded: write });
  if (status === 404 || (code === 100 && body?.error_subcode === 33)) return new AppError('NOT_FOUND', message, { retryable: false });
  return new AppError('REJECTED', message, { retryable: false });
}

/** A fetch that failed without an answer: refused (never sent), or lost after sending. */
export function mapNetworkError(error: unknown, call: CallKind, platform: string): AppError {
  const detail = error instanceof Error ? error.message : String(error);
  const causes: unknown[] = [];
  for (let e: unknown = error; e !== undefined && e !== null && causes.length < 6; e = (e as { cause?: unknown }).cause) causes.push(e);
  const codeOf = (e: unknown) => (typeof e === 'object' && e !== null ? (e as { code?: unknown }).code : undefined);
  if (causes.some((e) => NEVER_SENT.has(String(codeOf(e))))) return new AppError('NETWORK', `cannot connect to ${platform}: ${detail}`, { retryable: true });
  const timedOut = causes.some((e) => e instanceof Error && (e.name === 'TimeoutError' || e.name === 'AbortError'));
  if (call === 'write') return new AppError('OUTCOME_UNKNOWN', `${platform}: ${timedOut ? 'no answer in time' : 'connection lost'} after sending (${detail})`, { retryable: true, mayHaveSucceeded: true });
  return new AppError(timedOut ? 'TIMEOUT' : 'NETWORK', `${platform}: ${detail}`, { retryable: true });
}
