import { z } from 'zod';
import { cardStyleSchema } from '../../cards/card-style.js';
import { graphOptionsShape } from '../graph/graph-options.js';

export const instagramOptionsSchema = z.looseObject({
  /** Instagram professional account id (the IG User linked to the page: Graph `/{page-id}?fields=instagram_business_account`). */
  igUserId: z.string().regex(/^\d+$/, 'the numeric Instagram professional account id'),
  ...graphOptionsShape({ graphUrl: 'https://graph.facebook.com', apiVersion: 'v21.0', tokenEnv: 'INSTAGRAM_TOKEN' }),
  /**
   * Public base URL of this service, where Instagram downloads each card from
   * `/media/<channel>/<sha256>.png`. Must be reachable from the internet (HTTPS in production).
   */
  cardBaseUrl: z.url({ protocol: /^https?$/ }),
  /** How the cards look: colours, logo, size. */
  card: cardStyleSchema.default(cardStyleSchema.parse({})),
  /** A card whose post never went out is removed after this long (containers expire in 24 h). */
  cardRetentionHours: z.number().int().min(1).max(24 * 7).default(24),
  /** Pause between two container status checks while Instagram downloads the card. */
  containerPollMs: z.number().int().min(10).default(2_000),
  /** Longest wait for a container; past it the attempt is retried later with the same container. */
  containerMaxWaitSeconds: z.number().int().min(1).default(120),
  /** Comments are read on media of the last this-many hours. */
  commentWindowHours: z.number().int().min(1).max(24 * 30).default(72),
});
export type InstagramOptions = z.infer<typeof instagramOptionsSchema>;
