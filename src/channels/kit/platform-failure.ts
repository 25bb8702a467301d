import { AppError, isAppError } from '../../domain/errors.js';
import { wasNeverSent, wasTimeout } from './never-sent.js';

/** Whether the failed call could have created something on the platform. */
export type CallKind = 'read' | 'write';

/**
 * What went wrong, in platform-neutral terms. Each adapter's error file turns its library's
 * errors into one of these; {@link classifyFailure} applies the rules every platform shares.
 */
export type PlatformFailure =
  | {
      kind: 'http';
      status: number;
      /** The platform's own words (error body), for logs and staff; never a secret. */
      detail: string;
      /** 429: when the platform said to come back (epoch ms). */
      retryAt?: number;
      /** A 401/403 (or platform-specific 400) about our credentials or account, not about this post. */
      auth?: boolean;
      /** The text was refused as a repeat of a recent post (X's duplicate-content rule). */
      duplicate?: boolean;
    }
  /** The connection failed: refused, reset, timed out, or the answer never came. */
  | { kind: 'network'; detail: string; error?: unknown }
  /** An answer arrived but could not be read (an HTML error page from a proxy, a truncated body). */
  | { kind: 'unreadable'; detail: string };

const DEFAULT_RATE_LIMIT_WAIT_MS = 60_000;

/**
 * The shared rules:
 * - **may have succeeded**: on a write, every failure that may have reached the platform —
 *   timeouts, lost connections, unreadable answers, any 5xx — is `mayHaveSucceeded`, so the
 *   dispatcher settles it (looks it up) before any resend. Only a connection that provably never
 *   opened ({@link wasNeverSent}), a 429 and a 4xx are "not sent".
 * - **passing failures are retryable**: 429, 5xx and network failures; a lookup that fails this
 *   way is asked again later, never answered "unknown".
 * - 401/403 about credentials → AUTH_FAILED (the channel is disabled); a repeat refusal →
 *   DUPLICATE_REFUSED; 404 → NOT_FOUND; other 4xx → REJECTED.
 */
export function classifyFailure(failure: PlatformFailure | AppError, call: CallKind, platform: string, now: number): AppError {
  if (isAppError(failure)) return failure;
  const write = call === 'write';
  switch (failure.kind) {
    case 'http': {
      const { status } = failure;
      const message = `${platform} answered ${status}: ${failure.detail}`;
      if (status === 429) return new AppError('RATE_LIMITED', message, { retryable: true, retryAt: failure.retryAt ?? now + DEFAULT_RATE_LIMIT_WAIT_MS });
      if (failure.auth === true) return new AppError('AUTH_FAILED', message, { retryable: false });
      if (failure.duplicate === true) return new AppError('DUPLICATE_REFUSED', message, { retryable: false });
      if (status >= 500) return new AppError('PLATFORM_UNAVAILABLE', message, { retryable: true, mayHaveSucceeded: write });
      if (status === 404) return new AppError('NOT_FOUND', message, { retryable: false });
      return new AppError('REJECTED', message, { retryable: false });
    }
    case 'unreadable':
      return write
        ? new AppError('OUTCOME_UNKNOWN', `unreadable answer from ${platform}: ${failure.detail}`, { retryable: true, mayHaveSucceeded: true })
        : new AppError('PLATFORM_UNAVAILABLE', `unreadable answer from ${platform}: ${failure.detail}`, { retryable: true });
    case 'network': {
      const timedOut = wasTimeout(failure.error);
      const what = timedOut ? 'no answer in time' : 'connection failed';
      if (wasNeverSent(failure.error)) return new AppError('NETWORK', `cannot connect to ${platform}: ${failure.detail}`, { retryable: true });
      if (write) return new AppError('OUTCOME_UNKNOWN', `${platform}: ${what} after sending (${failure.detail})`, { retryable: true, mayHaveSucceeded: true });
      return new AppError(timedOut ? 'TIMEOUT' : 'NETWORK', `${platform}: ${what} (${failure.detail})`, { retryable: true });
    }
  }
}
