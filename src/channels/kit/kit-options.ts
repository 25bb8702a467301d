import { z } from 'zod';

/**
 * Options every platform adapter accepts, spread into its own schema. They override what the
 * adapter's folder declares; a self-hosted server or a test fake may need other timings.
 */
export const kitOptionsShape = {
  /** Settle window for unknown outcomes (seconds); default: the platform's declared window. */
  settleSeconds: z.number().min(0).max(3600).optional(),
  /** How far back each mention poll re-reads (seconds); default: the platform's declared overlap. */
  mentionOverlapSeconds: z.number().min(0).max(3600).optional(),
  /** First wait before a failed start is retried (ms); doubles up to `startRetryMaxMs`, with jitter. */
  startRetryBaseMs: z.number().int().min(10).default(2_000),
  startRetryMaxMs: z.number().int().min(10).default(120_000),
};
