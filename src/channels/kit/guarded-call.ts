import type { Logger } from 'pino';
import { AppError, isAppError } from '../../domain/errors.js';
import type { Clock } from '../../domain/clock.js';
import type { LookupResult } from '../channel.js';
import type { HealthTracker } from './health-tracker.js';
import { classifyFailure, type CallKind, type PlatformFailure } from './platform-failure.js';

export interface GuardOptions {
  /** Platform label for messages, e.g. `Mastodon`. */
  platform: string;
  health: HealthTracker;
  logger: Logger;
  clock: Clock;
  /** The adapter's reader of its library's errors. */
  describe: (error: unknown) => PlatformFailure | AppError;
  /**
   * Backstop deadline per call (ms). Libraries have their own timeouts; this one catches a call
   * that hangs anyway, and counts as "may have succeeded" for a write.
   */
  timeoutMs: number;
}

/** Runs one platform call: deadline, typed error by the shared rules, health and logging. */
export type GuardedCall = <T>(call: CallKind, what: string, fn: () => Promise<T>) => Promise<T>;

export function createGuardedCall(options: GuardOptions): GuardedCall {
  return async <T>(call: CallKind, what: string, fn: () => Promise<T>): Promise<T> => {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new DeadlineExceeded(options.timeoutMs)), options.timeoutMs);
      timer.unref();
    });
    try {
      const result = await Promise.race([fn(), deadline]);
      options.health.succeeded();
      return result;
    } catch (error) {
      const mapped = toAppError(error, call, options);
      if (mapped.code === 'AUTH_FAILED') options.health.set('disabled', `${what}: ${mapped.message}`);
      else if (mapped.retryable) options.health.degrade(`${what}: ${mapped.message}`);
      // Routine trouble (429, 5xx, network) is WARN; what needs a person is logged by the health change.
      options.logger.warn({ code: mapped.code, what, mayHaveSucceeded: mapped.mayHaveSucceeded, ...(mapped.retryAt === undefined ? {} : { retryAt: new Date(mapped.retryAt).toISOString() }) }, `${options.platform} call failed: ${mapped.message}`);
      throw mapped;
    } finally {
      clearTimeout(timer);
    }
  };
}

class DeadlineExceeded extends Error {
  constructor(ms: number) {
    super(`no answer within ${ms} ms (timeout)`);
    this.name = 'TimeoutError';
  }
}

function toAppError(error: unknown, call: CallKind, options: GuardOptions): AppError {
  if (isAppError(error)) return error;
  const now = options.clock.now();
  if (error instanceof DeadlineExceeded) return classifyFailure({ kind: 'network', detail: error.message, error }, call, options.platform, now);
  return classifyFailure(options.describe(error), call, options.platform, now);
}

/**
 * The lookup-failure rule, the same on every platform: a passing failure (429, 5xx, timeout) is
 * thrown so the dispatcher asks again later; only a definite inability to answer becomes
 * `found: 'unknown'`, which parks the post for a person.
 */
export async function guardedLookup(fn: () => Promise<LookupResult>): Promise<LookupResult> {
  try {
    return await fn();
  } catch (error) {
    if (isAppError(error) && error.retryable) throw error;
    const reason = isAppError(error) ? `${error.code}: ${error.message}` : error instanceof Error ? error.message : String(error);
    return { found: 'unknown', reason };
  }
}
