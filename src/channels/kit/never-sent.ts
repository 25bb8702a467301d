/**
 * Socket error codes that prove the request never left this host (no connection was made), so
 * even a POST cannot have reached the platform. One list for every adapter: anything else that
 * goes wrong after a request was sent may have succeeded.
 */
export const NEVER_SENT_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ERR_INVALID_PROTOCOL',
  'ERR_INVALID_URL',
  // undici: the TCP/TLS connection was never established.
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** Whether anything in the error's cause chain proves the request never left this host. */
export function wasNeverSent(error: unknown): boolean {
  return causeChain(error).some((e) => {
    const code = typeof e === 'object' && e !== null ? (e as { code?: unknown }).code : undefined;
    return typeof code === 'string' && NEVER_SENT_CODES.has(code);
  });
}

/** Whether anything in the cause chain is a timeout or an abort (client-side deadline). */
export function wasTimeout(error: unknown): boolean {
  return causeChain(error).some((e) => {
    if (!(e instanceof Error)) return false;
    const code = (e as { code?: unknown }).code;
    return e.name === 'TimeoutError' || e.name === 'AbortError' || code === 'ETIMEDOUT' || code === 'ESOCKETTIMEDOUT' || code === 'UND_ERR_HEADERS_TIMEOUT' || /time(d)? ?out/i.test(e.message);
  });
}

/** The error and its causes, outermost first (bounded: causes can be cyclic). */
export function causeChain(error: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let current: unknown = error; current !== undefined && current !== null && chain.length < 8; ) {
    chain.push(current);
    current = typeof current === 'object' ? (current as { cause?: unknown }).cause : undefined;
  }
  return chain;
}
