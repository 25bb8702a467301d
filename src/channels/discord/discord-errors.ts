import { DiscordAPIError, HTTPError, RateLimitError } from 'discord.js';
import { AppError } from '../../domain/errors.js';

/** What the request was, so a lost response on a write can be told apart from a failed read. */
export interface FailedCall {
  /** True for calls that create something (POST a message): a lost response may mean it went out. */
  write: boolean;
  what: string;
  now: number;
}

/**
 * Maps @discordjs/rest failures onto AppError codes. The REST client is configured with
 * `retries: 0` and `rejectOnRateLimit: () => true`, so 429s and 5xx reach us instead of being
 * queued or retried inside the library, and the dispatcher keeps control of timing.
 */
export function mapDiscordError(error: unknown, call: FailedCall): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof RateLimitError) {
    // retryAfter is milliseconds (Retry-After seconds * 1000 + the configured offset, 0 here).
    return new AppError('RATE_LIMITED', `${call.what}: rate limited for ${error.retryAfter} ms (${error.scope})`, {
      retryable: true,
      retryAt: call.now + Math.max(0, error.retryAfter),
      cause: error,
    });
  }
  if (error instanceof DiscordAPIError) {
    if (error.status === 401 || error.status === 403) {
      return new AppError('AUTH_FAILED', `${call.what}: Discord answered ${error.status} (${error.message})`, {
        retryable: false,
        cause: error,
      });
    }
    if (error.status === 429) {
      // Only reached if the limiter let a 429 through; no reset info, so let the dispatcher back off.
      return new AppError('RATE_LIMITED', `${call.what}: rate limited`, { retryable: true, cause: error });
    }
    return new AppError('REJECTED', `${call.what}: Discord refused with ${error.status} (${error.message})`, {
      retryable: false,
      cause: error,
    });
  }
  if (error instanceof HTTPError) {
    return new AppError('PLATFORM_UNAVAILABLE', `${call.what}: Discord answered ${error.status}`, {
      retryable: true,
      cause: error,
    });
  }
  const message = error instanceof Error ? error.message : String(error);
  const timedOut = error instanceof Error && error.name === 'AbortError';
  if (call.write) {
    // The request may have reached Discord before the connection broke: reconcile before resending.
    return new AppError('OUTCOME_UNKNOWN', `${call.what}: ${timedOut ? 'timed out' : 'connection failed'} (${message})`, {
      retryable: true,
      mayHaveSucceeded: true,
      cause: error,
    });
  }
  return new AppError(timedOut ? 'TIMEOUT' : 'NETWORK', `${call.what}: ${message}`, { retryable: true, cause: error });
}
