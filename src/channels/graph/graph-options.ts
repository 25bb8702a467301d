import { z } from 'zod';

/** Options the three Meta adapters share, spread into each one's schema. */
export function graphOptionsShape(defaults: { graphUrl: string; apiVersion: string; tokenEnv: string }) {
  return {
    /** API host; a test fake or a proxy may replace it. */
    graphUrl: z.url({ protocol: /^https?$/ }).default(defaults.graphUrl),
    /** Graph API version in every path, e.g. `v21.0`; Meta supports each for about two years. */
    apiVersion: z.string().regex(/^v\d+\.\d+$/, 'a version such as v21.0').default(defaults.apiVersion),
    /** Environment variable holding the access token. */
    tokenEnv: z.string().min(1).default(defaults.tokenEnv),
    /** Environment variable holding the app secret, when the app requires `appsecret_proof`. */
    appSecretEnv: z.string().min(1).optional(),
    /** Comment/reply polling interval; 0 = do not read. */
    pollSeconds: z.number().int().min(0).default(60),
    /** Per-request timeout; a write that times out "may have succeeded" and is looked up. */
    timeoutMs: z.number().int().positive().default(15_000),
    /** First start only: older comments are not answered. */
    firstRunBacklogMinutes: z.number().int().min(0).default(60),
    /** Each poll re-reads this far back, for comments Meta shows late. */
    overlapSeconds: z.number().int().min(0).max(3600).default(120),
    /**
     * After a lost answer, a lookup this soon after the attempt cannot tell "not sent" from "not
     * shown yet" (indexing lag): it answers "ask again later" until this has passed.
     */
    settleSeconds: z.number().int().min(0).max(3600).default(60),
  };
}
