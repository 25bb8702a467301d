import { XRPCError } from '@atproto/api';
import { AppError } from '../../domain/errors.js';

/** How a failed call may be answered: a write whose response was lost may still have landed. */
export type CallKind = 'read' | 'write';

/** XRPC error names that mean the credentials or the account are no longer usable. */
const AUTH_ERROR_NAMES = new Set([
  'AuthenticationRequired',
  'AuthFactorTokenRequired',
  'AccountTakedown',
  'AccountDeactivated',
  'InvalidToken',
  'ExpiredToken',
]);

/** Connection failures that happen before the request could reach the server. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

const DEFAULT_RATE_LIMIT_WAIT_MS = 60_000;

/**
 * Maps whatever the atproto client threw onto an AppError. The client wraps every failure in an
 * XRPCError whose `status` is the HTTP status, or 1 (Unknown) for network failures and 2
 * (InvalidResponse) when the body did not match the lexicon.
 */
export function mapBlueskyError(error: unknown, kind: CallKind, now: number): AppError {
  if (error instanceof AppError) return error;
  const xrpc = XRPCError.from(error);
  const status: number = xrpc.status;
  const label = `bluesky: ${xrpc.error}: ${xrpc.message}`;

  if (status === 429) {
    return new AppError('RATE_LIMITED', label, { retryable: true, retryAt: rateLimitReset(xrpc, now), cause: error });
  }
  if (status === 401 || status === 403 || (status === 400 && AUTH_ERROR_NAMES.has(xrpc.error))) {
    return new AppError('AUTH_FAILED', label, { retryable: false, cause: error });
  }
  if (status >= 500 && status < 600) {
    // A gateway that gave up waiting (502/504) may have forwarded the write to the PDS already.
    const mayHaveSucceeded = kind === 'write' && (status === 502 || status === 504);
    return new AppError('PLATFORM_UNAVAILABLE', label, { retryable: true, mayHaveSucceeded, cause: error });
  }
  if (status === 1) return networkError(xrpc, kind, error);
  if (status === 2) {
    // The server answered 200 with a body we could not validate: a write did happen.
    return kind === 'write'
      ? new AppError('OUTCOME_UNKNOWN', label, { retryable: true, mayHaveSucceeded: true, cause: error })
      : new AppError('PLATFORM_UNAVAILABLE', label, { retryable: true, cause: error });
  }
  return new AppError('REJECTED', label, { retryable: false, cause: error });
}

function networkError(xrpc: XRPCError, kind: CallKind, original: unknown): AppError {
  const timedOut = causeChain(xrpc).some((c) => c instanceof Error && (c.name === 'TimeoutError' || c.name === 'AbortError'));
  const neverSent = causeChain(xrpc).some((c) => NOT_SENT_CODES.has(errorCode(c)));
  const message = `bluesky: ${timedOut ? 'timeout' : 'network error'}: ${xrpc.message}`;
  if (kind === 'write' && !neverSent) {
    // The POST may have reached the PDS before the connection died: reconcile before resending.
    return new AppError('OUTCOME_UNKNOWN', message, { retryable: true, mayHaveSucceeded: true, cause: original });
  }
  return new AppError(timedOut ? 'TIMEOUT' : 'NETWORK', message, { retryable: true, cause: original });
}

/** The PDS sends `ratelimit-reset` in epoch seconds; AppError wants epoch milliseconds. */
function rateLimitReset(error: XRPCError, now: number): number {
  const raw = error.headers?.['ratelimit-reset'];
  const seconds = raw === undefined ? Number.NaN : Number(raw);
  if (Number.isFinite(seconds) && seconds > 0) return seconds * 1000;
  return now + DEFAULT_RATE_LIMIT_WAIT_MS;
}

function causeChain(error: unknown): unknown[] {
  const chain: unknown[] = [];
  let current: unknown = error;
  while (current !== undefined && current !== null && chain.length < 8) {
    chain.push(current);
    current = current instanceof Error ? current.cause : undefined;
  }
  return chain;
}

function errorCode(value: unknown): string {
  if (typeof value !== 'object' || value === null || !('code' in value)) return '';
  const code = (value as { code: unknown }).code;
  return typeof code === 'string' ? code : '';
}
