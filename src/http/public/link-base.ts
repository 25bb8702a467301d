import type { FastifyRequest } from 'fastify';

export interface LinkBaseOptions {
  /** `http.publicBaseUrl`: the one address every absolute link uses when set. */
  publicBaseUrl?: string | undefined;
  /** `http.allowedHosts`: host names (optionally with a port) the service may be reached by. */
  allowedHosts: readonly string[];
}

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

/**
 * The base of absolute links (`/feed.atom`, `/cap.atom`, the CAP sender), or undefined when it
 * cannot be known safely. The `Host` header is the client's to choose, and those feeds are served
 * with `cache-control: public`: taken as it comes, one request could make a shared cache hand
 * everyone links (and a CAP sender) on another site. So a Host is used only when it is on the
 * allow-list or is a loopback address (a local run); `http.publicBaseUrl` always wins.
 */
export function linkBaseResolver(options: LinkBaseOptions): (request: FastifyRequest) => string | undefined {
  if (options.publicBaseUrl !== undefined) {
    const fixed = options.publicBaseUrl.replace(/\/+$/, '');
    return () => fixed;
  }
  const allowed = new Set(options.allowedHosts.map((h) => h.toLowerCase()));
  return (request) => {
    const host = request.host;
    if (typeof host !== 'string' || host.length === 0 || host.length > 255) return undefined;
    let parsed: URL;
    try {
      parsed = new URL(`http://${host}`);
    } catch {
      return undefined; // a malformed Host is simply not used
    }
    // Anything beyond host[:port] (user info, a path) means the header was not a plain host.
    if (parsed.host.toLowerCase() !== host.toLowerCase() && `${parsed.host}:80` !== host.toLowerCase()) return undefined;
    const name = parsed.hostname.toLowerCase();
    if (!allowed.has(parsed.host.toLowerCase()) && !allowed.has(name) && !LOOPBACK.test(name)) return undefined;
    const protocol = request.protocol === 'https' ? 'https' : 'http';
    return `${protocol}://${parsed.host}`;
  };
}
