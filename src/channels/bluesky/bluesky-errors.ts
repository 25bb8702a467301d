import { XRPCError } from '@atproto/api';
import { AppError } from '../../domain/errors.js';
import { classifyFailure, type CallKind, type PlatformFailure } from '../kit/platform-failure.js';

/** XRPC error names that mean the credentials or the account are no longer usable. */
const AUTH_ERROR_NAMES = new Set([
  'AuthenticationRequired',
  'AuthFactorTokenRequired',
  'AccountTakedown',
  'AccountDeactivated',
  'InvalidToken',
  'ExpiredToken',
]);

const DEFAULT_RATE_LIMIT_WAIT_MS = 60_000;

/**
 * Reads whatever the atproto client threw as a {@link PlatformFailure}; the kit's shared rules
 * make it an AppError. The client wraps every failure in an XRPCError whose `status` is the HTTP
 * status, or 1 (Unknown) for network failures and 2 (InvalidResponse) when the body did not
 * match the lexicon.
 */
export function describeBlueskyError(error: unknown, now: number): PlatformFailure | AppError {
  if (error instanceof AppError) return error;
  const xrpc = XRPCError.from(error);
  const status: number = xrpc.status;
  const detail = `${xrpc.error}: ${xrpc.message}`;
  if (status === 1) return { kind: 'network', detail, error: xrpc };
  // The server answered 200 with a body we could not validate: a write did happen.
  if (status === 2) return { kind: 'unreadable', detail };
  if (status === 429) return { kind: 'http', status, detail, retryAt: rateLimitReset(xrpc, now) };
  return { kind: 'http', status, detail, auth: status === 401 || status === 403 || (status === 400 && AUTH_ERROR_NAMES.has(xrpc.error)) };
}

/** The PDS sends `ratelimit-reset` in epoch seconds; AppError wants epoch milliseconds. */
function rateLimitReset(error: XRPCError, now: number): number {
  const raw = error.headers?.['ratelimit-reset'];
  const seconds = raw === undefined ? Number.NaN : Number(raw);
  if (Number.isFinite(seconds) && seconds > 0) return seconds * 1000;
  return now + DEFAULT_RATE_LIMIT_WAIT_MS;
}

/** The AppError for a failure outside the guarded call (session open and refresh). */
export function blueskyAppError(error: unknown, call: CallKind, now: number): AppError {
  return classifyFailure(describeBlueskyError(error, now), call, 'Bluesky', now);
}
