import { z } from 'zod';
import { kitOptionsShape } from '../kit/kit-options.js';

/** Options the Meta adapters share, spread into each one's schema with its own defaults. */
export function graphOptionsShape(defaults: { graphUrl: string; apiVersion: string; tokenEnv: string }) {
  return {
    /** API host; a test fake or a proxy may replace it. */
    graphUrl: z.url({ protocol: /^https?$/ }).default(defaults.graphUrl),
    /** Graph API version in every path, e.g. `v21.0`; Meta supports each for about two years. */
    apiVersion: z.string().regex(/^v\d+\.\d+$/, 'a version such as v21.0').default(defaults.apiVersion),
    /** Environment variable holding the access token. */
    tokenEnv: z.string().min(1).default(defaults.tokenEnv),
    /** Environment variable holding the app secret, when the app requires `appsecret_proof` (and for webhooks). */
    appSecretEnv: z.string().min(1).optional(),
    /** Comment/reply polling interval; 0 = do not read. */
    pollSeconds: z.number().int().min(0).default(60),
    /** Per-request timeout; a write that times out "may have succeeded" and is settled. */
    timeoutMs: z.number().int().positive().default(15_000),
    /** First start only: older comments are not answered. */
    firstRunBacklogMinutes: z.number().int().min(0).default(60),
    ...kitOptionsShape,
  };
}

/** The parsed shared options (each adapter's schema adds its own). */
export interface GraphOptions {
  graphUrl: string;
  apiVersion: string;
  tokenEnv: string;
  appSecretEnv?: string | undefined;
  pollSeconds: number;
  timeoutMs: number;
  firstRunBacklogMinutes: number;
  settleSeconds?: number | undefined;
  mentionOverlapSeconds?: number | undefined;
  startRetryBaseMs: number;
  startRetryMaxMs: number;
}
