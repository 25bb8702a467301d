import { ApiPartialResponseError, ApiRequestError, ApiResponseError } from 'twitter-api-v2';
import type { TwitterRateLimit } from 'twitter-api-v2';
import { AppError, isAppError } from '../../domain/errors.js';

/** Errors that prove the request never left this host, so even a POST cannot have gone out. */
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ERR_INVALID_PROTOCOL']);

/** A 403 that is about this one post, not about our credentials or app permissions. */
const POST_LEVEL_403 = /duplicate content|not allowed to reply|deleted or not visible|reply to this/i;

/**
 * Maps a twitter-api-v2 failure onto AppError. The library error is deliberately NOT kept as
 * `cause`: it holds the raw ClientRequest, whose headers carry the Authorization value, and a
 * logger serialising the cause would leak it.
 */
export function toXError(error: unknown, write: boolean, now: number): AppError {
  if (isAppError(error)) return error;
  if (error instanceof ApiResponseError) return fromResponse(error, now);
  if (error instanceof ApiRequestError || error instanceof ApiPartialResponseError) {
    const reason = error instanceof ApiRequestError ? requestErrorOf(error) : error.responseError;
    const code = (reason as NodeJS.ErrnoException | undefined)?.code;
    const message = `X request failed: ${reason?.message ?? error.message}`;
    if (code !== undefined && NOT_SENT.has(code)) return new AppError('NETWORK', message, { retryable: true });
    // The request may have been read and acted on before the connection broke or timed out.
    if (write) return new AppError('OUTCOME_UNKNOWN', message, { retryable: true, mayHaveSucceeded: true });
    const timedOut = /timeout/i.test(message);
    return new AppError(timedOut ? 'TIMEOUT' : 'NETWORK', message, { retryable: true });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new AppError(write ? 'OUTCOME_UNKNOWN' : 'REJECTED', `X client error: ${message}`, {
    retryable: write,
    mayHaveSucceeded: write,
  });
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

function fromResponse(error: ApiResponseError, now: number): AppError {
  const status = error.code;
  const detail = describe(error);
  if (status === 429) {
    return new AppError('RATE_LIMITED', `X rate limit reached: ${detail}`, { retryable: true, retryAt: rateLimitResetMs(error.rateLimit, error.headers, now) });
  }
  if (status === 401) return new AppError('AUTH_FAILED', `X refused the credentials (401): ${detail}`, { retryable: false });
  if (status === 403 && !POST_LEVEL_403.test(detail)) {
    return new AppError('AUTH_FAILED', `X forbids this app or account (403): ${detail}`, { retryable: false });
  }
  if (status >= 500) return new AppError('PLATFORM_UNAVAILABLE', `X answered ${status}: ${detail}`, { retryable: true });
  return new AppError('REJECTED', `X rejected the request (${status}): ${detail}`, { retryable: false });
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
