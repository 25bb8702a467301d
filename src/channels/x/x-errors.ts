import { ApiPartialResponseError, ApiRequestError, ApiResponseError } from 'twitter-api-v2';
import type { TwitterRateLimit } from 'twitter-api-v2';
import { type AppError, isAppError } from '../../domain/errors.js';
import type { PlatformFailure } from '../kit/platform-failure.js';

/** A 403 about this one post (a repeat, a reply X does not allow), not about our credentials. */
const POST_LEVEL_403 = /duplicate content|not allowed to reply|deleted or not visible|reply to this/i;
const DUPLICATE = /duplicate content/i;

/**
 * Reads a twitter-api-v2 failure as a {@link PlatformFailure}; the kit's shared rules make it an
 * AppError. The library error is deliberately NOT kept: it holds the raw ClientRequest, whose
 * headers carry the Authorization value, and a logger serialising it would leak it.
 */
export function describeXError(error: unknown, now: number): PlatformFailure | AppError {
  if (isAppError(error)) return error;
  if (error instanceof ApiResponseError) return fromResponse(error, now);
  if (error instanceof ApiRequestError || error instanceof ApiPartialResponseError) {
    const reason = error instanceof ApiRequestError ? requestErrorOf(error) : error.responseError;
    // Only the socket error (its code) travels on, never the request.
    const code = (reason as NodeJS.ErrnoException | undefined)?.code;
    const message = reason?.message ?? error.message;
    const socket = Object.assign(new Error(message), code === undefined ? {} : { code });
    if (/timeout/i.test(message)) socket.name = 'TimeoutError';
    return error instanceof ApiPartialResponseError ? { kind: 'unreadable', detail: message } : { kind: 'network', detail: message, error: socket };
  }
  return { kind: 'unreadable', detail: error instanceof Error ? error.message : String(error) };
}

/**
 * The socket error behind an ApiRequestError. In 1.29 the `requestError` getter reads an option
 * the constructor never sets (it stores `error`), so fall back to that field.
 */
function requestErrorOf(error: ApiRequestError): Error | undefined {
  const stored = error as unknown as { _options?: { error?: unknown } };
  const fallback = stored._options?.error;
  return error.requestError ?? (fallback instanceof Error ? fallback : undefined);
}

function fromResponse(error: ApiResponseError, now: number): PlatformFailure {
  const status = error.code;
  const detail = describe(error);
  if (status === 429) return { kind: 'http', status, detail, retryAt: rateLimitResetMs(error.rateLimit, error.headers, now) };
  const auth = status === 401 || (status === 403 && !POST_LEVEL_403.test(detail));
  return { kind: 'http', status, detail, auth, duplicate: status === 403 && DUPLICATE.test(detail) };
}

/** The human part of an X error body: v2 `detail`/`title`, OAuth `error_description`, or v1 messages. */
function describe(error: ApiResponseError): string {
  const data = error.data as Record<string, unknown> | undefined;
  const parts = [data?.['detail'], data?.['title'], data?.['error_description'], data?.['error']].filter((v): v is string => typeof v === 'string');
  if (parts.length > 0) return parts[0] as string;
  const first = error.errors?.[0];
  if (first !== undefined && 'message' in first) return first.message;
  return `HTTP ${error.code}`;
}

/**
 * When to come back after a 429, in epoch ms. X sends the 15-minute window reset and, for
 * posting, a separate 24-hour user/app cap; whichever window is exhausted decides.
 */
export function rateLimitResetMs(rateLimit: TwitterRateLimit | undefined, headers: Record<string, string | string[] | undefined> | undefined, now: number): number {
  const resets: number[] = [];
  if (rateLimit !== undefined) {
    if (rateLimit.day !== undefined && rateLimit.day.remaining <= 0) resets.push(rateLimit.day.reset);
    if (rateLimit.userDay !== undefined && rateLimit.userDay.remaining <= 0) resets.push(rateLimit.userDay.reset);
    if (resets.length === 0 && Number.isFinite(rateLimit.reset)) resets.push(rateLimit.reset);
  } else {
    const header = headers?.['x-rate-limit-reset'];
    const reset = Number(Array.isArray(header) ? header[0] : header);
    if (Number.isFinite(reset) && reset > 0) resets.push(reset);
  }
  const latest = Math.max(...resets.filter((r) => Number.isFinite(r) && r > 0));
  // No usable header: a conservative minute rather than hammering.
  return Number.isFinite(latest) && latest * 1000 > now ? latest * 1000 : now + 60_000;
}
