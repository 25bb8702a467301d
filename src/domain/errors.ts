/**
 * Typed errors with stable codes. Adapters map platform failures onto these so the core can
 * decide on retries without reading error messages.
 */
export type ErrorCode =
  | 'CONFIG_INVALID'
  | 'RATE_LIMITED'
  | 'PLATFORM_UNAVAILABLE'
  | 'TIMEOUT'
  | 'NETWORK'
  | 'AUTH_FAILED'
  | 'REJECTED'
  | 'OUTCOME_UNKNOWN'
  /** The platform refused the text as a repeat of a recent post (it may be our own earlier attempt). */
  | 'DUPLICATE_REFUSED'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'INVALID_INPUT'
  | 'FORBIDDEN'
  | 'STORE_UNAVAILABLE'
  | 'TEMPLATE_INVALID';

export interface AppErrorOptions {
  retryable?: boolean;
  /** When the platform said when to come back (429 reset headers), in epoch milliseconds. */
  retryAt?: number;
  /** True when the request may have reached the platform (a POST whose response was lost). */
  mayHaveSucceeded?: boolean;
  cause?: unknown;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly retryable: boolean;
  readonly retryAt: number | undefined;
  readonly mayHaveSucceeded: boolean;

  constructor(code: ErrorCode, message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.retryable = options.retryable ?? defaultRetryable(code);
    this.retryAt = options.retryAt;
    this.mayHaveSucceeded = options.mayHaveSucceeded ?? false;
  }
}

function defaultRetryable(code: ErrorCode): boolean {
  return (
    code === 'RATE_LIMITED' ||
    code === 'PLATFORM_UNAVAILABLE' ||
    code === 'TIMEOUT' ||
    code === 'NETWORK' ||
    code === 'STORE_UNAVAILABLE'
  );
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

/** Turns anything thrown into an AppError; unknown errors are treated as not retryable. */
export function toAppError(error: unknown): AppError {
  if (isAppError(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new AppError('REJECTED', message, { retryable: false, cause: error });
}
