import type { ITwitterApiClientPlugin } from 'twitter-api-v2';
import { X_DEFAULT_API_BASE, X_DEFAULT_UPLOAD_BASE } from './x-options.js';

/**
 * twitter-api-v2 has no base-URL setting: every endpoint is an absolute https://api.x.com URL
 * (media uploads: https://upload.x.com). This plugin rewrites those origins before the request
 * (and its OAuth 1.0a signature) is built, so the signature matches the host actually called. It
 * also sets a per-request timeout, which the library otherwise only accepts per call.
 */
export function xRequestPlugin(apiBase: string, timeoutMs: number, uploadBase: string = X_DEFAULT_UPLOAD_BASE): ITwitterApiClientPlugin {
  const rewrites = new Map<string, string>();
  const api = new URL(apiBase).origin;
  const upload = new URL(uploadBase).origin;
  if (api !== X_DEFAULT_API_BASE) rewrites.set(X_DEFAULT_API_BASE, api);
  if (upload !== X_DEFAULT_UPLOAD_BASE) rewrites.set(X_DEFAULT_UPLOAD_BASE, upload);
  return {
    onBeforeRequestConfig({ params }) {
      params.timeout ??= timeoutMs;
      if (rewrites.size === 0) return;
      const url = new URL(params.url.startsWith('http') ? params.url : `https://${params.url}`);
      const target = rewrites.get(url.origin);
      if (target !== undefined) params.url = target + url.pathname + url.search;
    },
  };
}
