import { z } from 'zod';
import { cardStyleSchema } from '../../cards/card-style.js';
import { kitOptionsShape } from '../kit/kit-options.js';

export const mastodonOptionsSchema = z.looseObject({
  /** Base URL of the instance the account lives on, e.g. `https://mastodon.social`. */
  instance: z.url({ protocol: /^https?$/ }),
  /** Environment variable holding the account's access token (scopes read + write:statuses). */
  tokenEnv: z.string().min(1).default('MASTODON_TOKEN'),
  /** Visibility of campaign posts; replies to private or direct mentions are always `direct`. */
  visibility: z.enum(['public', 'unlisted']).default('public'),
  /** Post length limit; unset = read from the instance at start (500 until then, or if it cannot say). */
  maxLength: z.number().int().positive().optional(),
  /** Mention polling interval; 0 = do not read mentions. */
  pollSeconds: z.number().int().min(0).default(60),
  /** Per-request timeout; a POST that times out is reported as "may have succeeded". */
  timeoutMs: z.number().int().positive().default(15_000),
  /** With no saved cursor (first start), mentions older than this are skipped, not answered. */
  firstRunBacklogMinutes: z.number().int().min(0).default(60),
  /** ISO 639 language sent with every post, when set. */
  language: z.string().min(2).optional(),
  /**
   * Image cards (optional): when set, the first post of each campaign or schedule carries the
   * post's words as an accessible image (alt text = the words), in these colours.
   */
  card: cardStyleSchema.optional(),
  ...kitOptionsShape,
});
export type MastodonOptions = z.infer<typeof mastodonOptionsSchema>;
