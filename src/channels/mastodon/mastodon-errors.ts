import { MastoDeserializeError, MastoHttpError, MastoTimeoutError, MastoUnexpectedError } from 'masto';
import { AppError } from '../../domain/errors.js';
import type { PlatformFailure } from '../kit/platform-failure.js';

/** Without any reset information, wait this long after a 429. */
const DEFAULT_RATE_LIMIT_WAIT_MS = 60_000;

/**
 * Reads whatever masto (or fetch underneath it) threw as a {@link PlatformFailure}; the kit's
 * shared rules make it an AppError. masto keeps the failed `Response` as the error's `cause`,
 * which is where the rate-limit headers are.
 */
export function describeMastoError(error: unknown, now: number): PlatformFailure | AppError {
  if (error instanceof AppError) return error;
  if (error instanceof MastoHttpError) {
    const status = error.statusCode;
    if (status === 429) return { kind: 'http', status, detail: error.message, retryAt: rateLimitResetAt(responseHeaders(error), now) };
    return { kind: 'http', status, detail: error.message, auth: status === 401 || status === 403 };
  }
  if (error instanceof MastoTimeoutError) {
    const timeout = Object.assign(new Error('Mastodon did not answer in time'), { name: 'TimeoutError' });
    return { kind: 'network', detail: 'Mastodon did not answer in time', error: timeout };
  }
  // An answer we cannot read (an HTML error page from a proxy, a truncated body): for a write,
  // the instance may still have stored the status behind the proxy.
  if (error instanceof MastoUnexpectedError || error instanceof MastoDeserializeError) return { kind: 'unreadable', detail: error.message };
  return { kind: 'network', detail: error instanceof Error ? error.message : String(error), error };
}

function responseHeaders(error: MastoHttpError): Headers | undefined {
  return error.cause instanceof Response ? error.cause.headers : undefined;
}

/**
 * Mastodon sends `X-RateLimit-Reset` as an ISO 8601 time (not epoch seconds like other APIs);
 * a proxy in front may send `Retry-After` instead.
 */
export function rateLimitResetAt(headers: Headers | undefined, now: number): number {
  const reset = headers?.get('x-ratelimit-reset');
  if (reset) {
    const at = Date.parse(reset);
    if (Number.isFinite(at)) return Math.max(at, now);
  }
  const retryAfter = headers?.get('retry-after');
  if (retryAfter) {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds)) return now + Math.max(0, seconds) * 1000;
    const at = Date.parse(retryAfter);
    if (Number.isFinite(at)) return Math.max(at, now);
  }
  return now + DEFAULT_RATE_LIMIT_WAIT_MS;
}
