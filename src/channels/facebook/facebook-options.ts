import { z } from 'zod';
import { graphOptionsShape } from '../graph/graph-options.js';

export const facebookOptionsSchema = z
  .looseObject({
    /** Numeric id of the city's Facebook Page (Page → About → Page transparency, or Graph `/me` with the page token). */
    pageId: z.string().regex(/^\d+$/, 'the numeric Page id'),
    ...graphOptionsShape({ graphUrl: 'https://graph.facebook.com', apiVersion: 'v21.0', tokenEnv: 'FACEBOOK_PAGE_TOKEN' }),
    /** Comments are read on the page's posts of the last this-many hours. */
    commentWindowHours: z.number().int().min(1).max(24 * 30).default(72),
    /**
     * Webhooks (optional): environment variable holding the verify token you typed into the Meta
     * app's Webhooks settings. When set, `/hooks/<channel>` accepts Meta's signed comment events
     * (checked with the app secret, so `appSecretEnv` is required) and polling becomes a safety net.
     */
    webhookVerifyTokenEnv: z.string().min(1).optional(),
  })
  .superRefine((options, ctx) => {
    if (options.webhookVerifyTokenEnv !== undefined && options.appSecretEnv === undefined) {
      ctx.addIssue({ code: 'custom', path: ['appSecretEnv'], message: 'webhooks are signed with the app secret: set appSecretEnv too' });
    }
  });
export type FacebookOptions = z.infer<typeof facebookOptionsSchema>;
