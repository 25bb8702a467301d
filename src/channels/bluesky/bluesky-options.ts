import { z } from 'zod';
import { cardStyleSchema } from '../../cards/card-style.js';
import { kitOptionsShape } from '../kit/kit-options.js';

export const blueskyOptionsSchema = z.looseObject({
  /** The PDS (or entryway) that holds the account. */
  service: z.url().default('https://bsky.social'),
  /** Handle or DID; preferred over `identifierEnv` because it is not a secret. */
  identifier: z.string().min(1).optional(),
  identifierEnv: z.string().default('BLUESKY_IDENTIFIER'),
  /** An app password, never the account password. */
  passwordEnv: z.string().default('BLUESKY_APP_PASSWORD'),
  /** Seconds between notification polls; 0 reads nothing. */
  pollSeconds: z.number().min(0).default(60),
  /** Per-request timeout; a hung PDS must not hold the dispatcher. */
  timeoutMs: z.number().int().positive().default(20_000),
  /**
   * Image cards (optional): when set, the first post of each campaign or schedule carries the
   * post's words as an accessible image (`app.bsky.embed.images` with `alt`), in these colours.
   */
  card: cardStyleSchema.optional(),
  ...kitOptionsShape,
});
export type BlueskyOptions = z.infer<typeof blueskyOptionsSchema>;

/** The identifier variable is needed only when the handle is not in the options. */
export function blueskyCredentialOptions(options: Record<string, unknown>): string[] {
  return options['identifier'] === undefined ? ['identifierEnv', 'passwordEnv'] : ['passwordEnv'];
}
