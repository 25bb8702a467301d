import { z } from 'zod';
import { graphOptionsShape } from '../graph/graph-options.js';

export const facebookOptionsSchema = z.looseObject({
  /** Numeric id of the city's Facebook Page (Page → About → Page transparency, or Graph `/me` with the page token). */
  pageId: z.string().regex(/^\d+$/, 'the numeric Page id'),
  ...graphOptionsShape({ graphUrl: 'https://graph.facebook.com', apiVersion: 'v21.0', tokenEnv: 'FACEBOOK_PAGE_TOKEN' }),
  /** Comments are read on the page's posts of the last this-many hours. */
  commentWindowHours: z.number().int().min(1).max(24 * 30).default(72),
});
export type FacebookOptions = z.infer<typeof facebookOptionsSchema>;
