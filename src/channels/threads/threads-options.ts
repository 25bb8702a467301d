import { z } from 'zod';
import { graphOptionsShape } from '../graph/graph-options.js';

export const threadsOptionsSchema = z.looseObject({
  /** Threads user id of the city's profile (Graph `/me?fields=id` with its token). */
  userId: z.string().regex(/^\d+$/, 'the numeric Threads user id'),
  ...graphOptionsShape({ graphUrl: 'https://graph.threads.net', apiVersion: 'v1.0', tokenEnv: 'THREADS_TOKEN' }),
  /** Also read posts that mention the profile (needs threads_manage_mentions). */
  readMentions: z.boolean().default(true),
  /** Replies are read under the profile's posts of the last this-many hours. */
  replyWindowHours: z.number().int().min(1).max(24 * 30).default(72),
  /** Pause between two container status checks. */
  containerPollMs: z.number().int().min(10).default(1_000),
  /** Longest wait for a container; past it the attempt is retried later with the same container. */
  containerMaxWaitSeconds: z.number().int().min(1).default(60),
  /**
   * Long-lived tokens last 60 days; the adapter refreshes its token this often (the refreshed one
   * is kept in channel state, the env token only starts the chain). 0 = never refresh.
   */
  tokenRefreshDays: z.number().int().min(0).max(50).default(7),
  /** How often the token's age is checked. */
  tokenCheckMinutes: z.number().int().min(1).default(60),
});
export type ThreadsOptions = z.infer<typeof threadsOptionsSchema>;
