import type { Logger } from 'pino';
import type { Clock } from '../../domain/clock.js';
import { isAppError, toAppError } from '../../domain/errors.js';
import type { HealthTracker } from './health-tracker.js';

/** How long refused credentials wait before they are tried again (someone may have fixed them). */
export const AUTH_RECHECK_MS = 15 * 60_000;

export interface SelfHealingStartOptions {
  health: HealthTracker;
  logger: Logger;
  clock: Clock;
  /**
   * Checks configuration (secrets present) without calling the platform. A throw here cannot be
   * fixed by retrying: the channel is disabled and `start()` rejects.
   */
  check: () => void;
  /** Connects and verifies the credentials (one attempt); throws AppError. */
  connect: () => Promise<void>;
  /** Runs once per successful connect: start pollers, read what was missed. */
  onUp: () => void | Promise<void>;
  /** The channel's kit options: first wait before a retry, and the cap it doubles up to. */
  retry: { startRetryBaseMs: number; startRetryMaxMs: number };
  random?: () => number;
}

/**
 * Start that cannot leave a channel off for good. The first attempt is awaited; if it fails in a
 * passing way (429, 5xx, lost connection) the channel shows `down` with the reason and the next
 * attempt is scheduled with exponential backoff and jitter, forever, until it works. Refused
 * credentials show `disabled`, make `start()` reject, and are tried again every 15 minutes.
 */
export class SelfHealingStart {
  private timer: NodeJS.Timeout | undefined;
  private attempt = 0;
  private running: Promise<void> | undefined;
  private closed = false;

  constructor(private readonly options: SelfHealingStartOptions) {}

  async start(): Promise<void> {
    this.closed = false;
    this.attempt = 0;
    const { health } = this.options;
    try {
      this.options.check();
    } catch (error) {
      const appError = toAppError(error);
      health.set('disabled', appError.message);
      throw appError;
    }
    health.set('starting');
    const failure = await this.tryOnce();
    if (failure !== undefined && failure.code === 'AUTH_FAILED') throw failure;
  }

  close(): void {
    this.closed = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Waits for an attempt in progress (for an orderly close). */
  async settled(): Promise<void> {
    await this.running;
  }

  /** One connection attempt; on failure schedules the next. Returns the failure, if any. */
  private async tryOnce(): Promise<import('../../domain/errors.js').AppError | undefined> {
    const { health, logger, clock } = this.options;
    const run = (async () => {
      await this.options.connect();
      await this.options.onUp();
    })();
    this.running = run.catch(() => undefined);
    try {
      await run;
      this.attempt = 0;
      health.set('ok');
      return undefined;
    } catch (error) {
      const appError = toAppError(error);
      if (this.closed) return appError;
      this.attempt += 1;
      const auth = appError.code === 'AUTH_FAILED';
      // A 429 names its reset: no point asking before it.
      const delay = auth ? AUTH_RECHECK_MS : Math.max(this.backoff(), (appError.retryAt ?? 0) - clock.now());
      const retryAt = clock.now() + delay;
      health.set(auth ? 'disabled' : 'down', appError.message, retryAt);
      if (!auth) logger.warn({ code: appError.code, attempt: this.attempt, retryInMs: delay }, `channel could not start; retrying: ${appError.message}`);
      this.timer = setTimeout(() => void this.tryOnce(), delay);
      this.timer.unref();
      return isAppError(appError) ? appError : undefined;
    }
  }

  private backoff(): number {
    const { startRetryBaseMs: baseMs, startRetryMaxMs: maxMs } = this.options.retry;
    const exp = Math.min(maxMs, baseMs * 2 ** Math.max(0, this.attempt - 1));
    return Math.round(exp / 2 + (this.options.random ?? Math.random)() * (exp / 2));
  }
}
