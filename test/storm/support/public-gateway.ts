import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** The service's public URL in front of several instances (a load balancer, reduced to GETs). */
export interface PublicGateway {
  url: string;
  /** An instance that may answer (the newest is tried first; a dead one is skipped). */
  add(instanceUrl: string): void;
  close(): Promise<void>;
}

/**
 * Forwards each GET to the newest instance that answers, as a load balancer in front of the
 * service would: Instagram downloads cards from one URL while instances are killed and started.
 */
export async function startPublicGateway(): Promise<PublicGateway> {
  const instances: string[] = [];
  const server = http.createServer((req, res) => {
    void (async () => {
      for (const base of [...instances].reverse()) {
        try {
          const answer = await fetch(`${base}${req.url ?? '/'}`, { signal: AbortSignal.timeout(5_000) });
          res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/octet-stream' });
          res.end(Buffer.from(await answer.arrayBuffer()));
          return;
        } catch {
          // That instance is gone: try the next.
        }
      }
      res.writeHead(502).end();
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    add: (instanceUrl) => void instances.push(instanceUrl),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
