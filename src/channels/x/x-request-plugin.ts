import type { ITwitterApiClientPlugin } from 'twitter-api-v2';
import { X_DEFAULT_API_BASE } from './x-options.js';

/**
 * twitter-api-v2 has no base-URL setting: every endpoint is an absolute https://api.x.com URL.
 * This plugin rewrites that origin before the request (and its OAuth 1.0a signature) is built, so
 * the signature matches the host actually called. It also sets a per-request timeout, which the
 * library otherwise only accepts per call.
 */
export function xRequestPlugin(apiBase: string, timeoutMs: number): ITwitterApiClientPlugin {
  const target = new URL(apiBase).origin;
  const rewrite = target !== X_DEFAULT_API_BASE;
  return {
    onBeforeRequestConfig({ params }) {
      params.timeout ??= timeoutMs;
      if (!rewrite) return;
      const url = new URL(params.url.startsWith('http') ? params.url : `https://${params.url}`);
      if (url.origin === X_DEFAULT_API_BASE) params.url = target + url.pathname + url.search;
    },
  };
}
