import { MastoDeserializeError, MastoHttpError, MastoTimeoutError, MastoUnexpectedError } from 'masto';
import { AppError } from '../../domain/errors.js';

/** Without any reset information, wait this long after a 429. */
const DEFAULT_RATE_LIMIT_WAIT_MS = 60_000;

/** Whether the failed call created something: only then can a lost answer hide a success. */
export type CallKind = 'read' | 'write';

/**
 * Maps whatever masto (or fetch underneath it) threw onto the AppError contract.
 * masto keeps the failed `Response` as the error's `cause`, which is where the rate-limit
 * headers are; a write whose answer never arrived is reported as "may have succeeded".
 */
export function mapMastoError(error: unknown, call: CallKind, now: number): AppError {
  if (error instanceof AppError) return error;
  const write = call === 'write';
  if (error instanceof MastoHttpError) return mapHttpError(error, write, now);
  if (error instanceof MastoTimeoutError) {
    return write
      ? new AppError('OUTCOME_UNKNOWN', 'Mastodon did not answer in time', { retryable: true, mayHaveSucceeded: true, cause: error })
      : new AppError('TIMEOUT', 'Mastodon did not answer in time', { retryable: true, cause: error });
  }
  if (error instanceof MastoUnexpectedError || error instanceof MastoDeserializeError) {
    // An answer we cannot read (an HTML error page from a proxy, a truncated body): for a write,
    // the instance may still have stored the status behind the proxy.
    return new AppError('PLATFORM_UNAVAILABLE', `unreadable answer from Mastodon: ${error.message}`, { retryable: true, mayHaveSucceeded: write, cause: error });
  }
  if (isConnectionRefused(error)) {
    // Nothing reached the instance, so even a write cannot have happened.
    return new AppError('NETWORK', 'cannot connect to the Mastodon instance', { retryable: true, cause: error });
  }
  const message = error instanceof Error ? error.message : String(error);
  return write
    ? new AppError('OUTCOME_UNKNOWN', `connection lost while posting: ${message}`, { retryable: true, mayHaveSucceeded: true, cause: error })
    : new AppError('NETWORK', `connection to Mastodon failed: ${message}`, { retryable: true, cause: error });
}

function mapHttpError(error: MastoHttpError, write: boolean, now: number): AppError {
  const status = error.statusCode;
  const detail = `Mastodon answered ${status}: ${error.message}`;
  if (status === 429) {
    return new AppError('RATE_LIMITED', detail, { retryable: true, retryAt: rateLimitResetAt(responseHeaders(error), now), cause: error });
  }
  if (status === 401 || status === 403) return new AppError('AUTH_FAILED', detail, { retryable: false, cause: error });
  if (status >= 500) {
    // A gateway error means a proxy gave up waiting: the instance may have stored the status.
    const gateway = status === 502 || status === 504;
    return new AppError('PLATFORM_UNAVAILABLE', detail, { retryable: true, mayHaveSucceeded: write && gateway, cause: error });
  }
  if (status === 404) return new AppError('NOT_FOUND', detail, { retryable: false, cause: error });
  return new AppError('REJECTED', detail, { retryable: false, cause: error });
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

function isConnectionRefused(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 4; e = e.cause, depth++) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN') return true;
  }
  return false;
}
