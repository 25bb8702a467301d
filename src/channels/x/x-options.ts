import { z } from 'zod';
import { cardStyleSchema } from '../../cards/card-style.js';
import { kitOptionsShape } from '../kit/kit-options.js';

/** The real API's origin; the library hard-codes it, so only a different base needs a rewrite. */
export const X_DEFAULT_API_BASE = 'https://api.x.com';
/** Where the library sends media uploads (v1.1 media/upload and media/metadata). */
export const X_DEFAULT_UPLOAD_BASE = 'https://upload.x.com';

export const xOptionsSchema = z.looseObject({
  /**
   * Origin the API calls go to (a proxy or a test fake). An origin only: the library picks the
   * request body format from the path, so a path prefix would break POST bodies.
   */
  apiBase: z
    .url()
    .default(X_DEFAULT_API_BASE)
    .refine((value) => ['/', ''].includes(new URL(value).pathname), { message: 'apiBase must be an origin without a path' }),
  /** Origin media uploads go to; default: upload.x.com, or `apiBase` when that is not X's own. */
  uploadBase: z
    .url()
    .optional()
    .refine((value) => value === undefined || ['/', ''].includes(new URL(value).pathname), { message: 'uploadBase must be an origin without a path' }),
  /** `oauth1`: app key/secret + user access token/secret (never expire). `oauth2`: user context with refresh tokens. */
  auth: z.enum(['oauth1', 'oauth2']).default('oauth1'),
  appKeyEnv: z.string().min(1).default('X_APP_KEY'),
  appSecretEnv: z.string().min(1).default('X_APP_SECRET'),
  accessTokenEnv: z.string().min(1).default('X_ACCESS_TOKEN'),
  accessSecretEnv: z.string().min(1).default('X_ACCESS_SECRET'),
  clientIdEnv: z.string().min(1).default('X_CLIENT_ID'),
  clientSecretEnv: z.string().min(1).default('X_CLIENT_SECRET'),
  /** Only the first refresh token: X rotates it on every refresh and the new one lives in channel state. */
  refreshTokenEnv: z.string().min(1).default('X_REFRESH_TOKEN'),
  /** Mentions need the paid Basic tier, so reading is off unless asked for. */
  pollSeconds: z.number().int().min(0).default(0),
  /** 280 for ordinary accounts; Premium accounts may post longer text. */
  maxLength: z.number().int().positive().max(25_000).default(280),
  maxThreadParts: z.number().int().positive().max(25).default(10),
  /** Socket timeout per API call; a POST that times out is reported as "may have succeeded". */
  requestTimeoutSeconds: z.number().positive().default(30),
  /**
   * Image cards (optional): when set, the first post of each campaign or schedule carries the
   * post's words as an accessible image (v1.1 media upload, alt text via media metadata).
   */
  card: cardStyleSchema.optional(),
  ...kitOptionsShape,
});
export type XOptions = z.infer<typeof xOptionsSchema>;

/** Credential options the chosen auth scheme needs (the other scheme's variables are not required). */
export function xCredentialOptions(options: Record<string, unknown>): string[] {
  return options['auth'] === 'oauth2' ? ['clientIdEnv', 'clientSecretEnv', 'refreshTokenEnv'] : ['appKeyEnv', 'appSecretEnv', 'accessTokenEnv', 'accessSecretEnv'];
}
