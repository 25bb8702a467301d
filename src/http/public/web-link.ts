/**
 * Whether a link from a platform may be rendered on a public page: an absolute http(s) URL only.
 * A platform (or a compromised account) could hand back `javascript:` or `data:` URLs as a post's
 * address; escaping does not make those safe inside an `href`.
 */
export function isWebLink(url: string): boolean {
  if (url.length > 2000) return false;
  try {
    const parsed = new URL(url);
    return (parsed.protocol === 'https:' || parsed.protocol === 'http:') && parsed.hostname.length > 0;
  } catch {
    return false;
  }
}
