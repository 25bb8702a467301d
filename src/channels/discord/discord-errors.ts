import { DiscordAPIError, HTTPError, RateLimitError } from 'discord.js';
import { AppError } from '../../domain/errors.js';
import type { PlatformFailure } from '../kit/platform-failure.js';

/**
 * Reads @discordjs/rest failures as a {@link PlatformFailure}; the kit's shared rules make it an
 * AppError. The REST client is configured with `retries: 0` and `rejectOnRateLimit: () => true`,
 * so 429s and 5xx reach us instead of being queued or retried inside the library, and the
 * dispatcher keeps control of timing.
 */
export function describeDiscordError(error: unknown, now: number): PlatformFailure | AppError {
  if (error instanceof AppError) return error;
  if (error instanceof RateLimitError) {
    // retryAfter is milliseconds (Retry-After seconds * 1000 + the configured offset, 0 here);
    // without a usable value the kit's default wait applies.
    const known = Number.isFinite(error.retryAfter) && error.retryAfter > 0;
    return { kind: 'http', status: 429, detail: `rate limited (${error.scope})`, ...(known ? { retryAt: now + error.retryAfter } : {}) };
  }
  if (error instanceof DiscordAPIError) {
    return { kind: 'http', status: error.status, detail: error.message, auth: error.status === 401 || error.status === 403 };
  }
  // 5xx (and other answers without a Discord error body).
  if (error instanceof HTTPError) return { kind: 'http', status: error.status, detail: error.message };
  // discord.js turns a 401 on /gateway/bot into its own TokenInvalid error.
  if (error instanceof Error && 'code' in error && error.code === 'TokenInvalid') return { kind: 'http', status: 401, detail: 'discord rejected the token', auth: true };
  return { kind: 'network', detail: error instanceof Error ? error.message : String(error), error };
}
