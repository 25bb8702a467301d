import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the server answers on one path. */
export type Answer =
  | { kind: 'body'; status?: number; contentType: string; body: Buffer; headers?: Record<string, string> }
  /** A huge body generated on the fly (memory stays flat): `head`, then `unit` until `totalBytes`. */
  | { kind: 'stream'; contentType: string; head: Buffer; unit: Buffer; totalBytes: number; declareLength: boolean }
  /** Headers, then nothing, ever. */
  | { kind: 'stall'; contentType: string }
  /** Headers, then one byte every `everyMs`, never ending. */
  | { kind: 'drip'; contentType: string; everyMs: number }
  /** Redirects to itself forever. */
  | { kind: 'redirect-loop' }
  /** Half a document, then the connection is destroyed. */
  | { kind: 'reset'; contentType: string; body: Buffer };

export interface HostileServer {
  base: string;
  urlFor(path: string): string;
  set(path: string, answer: Answer): void;
  /** Bytes written for streamed answers, per request, most recent last. */
  streamed: number[];
  close(): Promise<void>;
}

/** A local feed server on 127.0.0.1 that serves whatever hostile answer the test sets, per path. */
export async function startHostileServer(): Promise<HostileServer> {
  const answers = new Map<string, Answer>();
  const streamed: number[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const server = http.createServer((req, res) => {
    res.on('error', () => undefined);
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const answer = answers.get(path);
    if (answer === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('no such feed');
      return;
    }
    switch (answer.kind) {
      case 'body':
        res.writeHead(answer.status ?? 200, { 'content-type': answer.contentType, 'content-length': String(answer.body.length), ...answer.headers }).end(answer.body);
        return;
      case 'redirect-loop':
        res.writeHead(302, { location: `${path}?r=${Math.random()}` }).end();
        return;
      case 'reset':
        res.writeHead(200, { 'content-type': answer.contentType, 'content-length': String(answer.body.length * 2) });
        res.write(answer.body.subarray(0, answer.body.length >> 1), () => res.destroy());
        return;
      case 'stall':
        res.writeHead(200, { 'content-type': answer.contentType });
        res.flushHeaders();
        return;
      case 'drip': {
        res.writeHead(200, { 'content-type': answer.contentType });
        res.write('<');
        const timer = setInterval(() => res.write('x'), answer.everyMs);
        timers.add(timer);
        res.on('close', () => {
          clearInterval(timer);
          timers.delete(timer);
        });
        return;
      }
      case 'stream': {
        res.writeHead(200, { 'content-type': answer.contentType, ...(answer.declareLength ? { 'content-length': String(answer.totalBytes) } : {}) });
        const record = streamed.length;
        streamed.push(0);
        let sent = 0;
        let closed = false;
        res.on('close', () => {
          closed = true;
        });
        const write = (chunk: Buffer): boolean => {
          sent += chunk.length;
          streamed[record] = sent;
          return res.write(chunk);
        };
        write(answer.head.subarray(0, answer.totalBytes));
        const pump = (): void => {
          while (!closed && sent < answer.totalBytes) {
            const room = answer.totalBytes - sent;
            if (!write(room >= answer.unit.length ? answer.unit : answer.unit.subarray(0, room))) {
              res.once('drain', pump);
              return;
            }
          }
          if (!closed) res.end();
        };
        pump();
        return;
      }
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;
  return {
    base,
    urlFor: (path) => `${base}${path}`,
    set: (path, answer) => void answers.set(path, answer),
    streamed,
    close: () =>
      new Promise((resolve) => {
        for (const t of timers) clearInterval(t);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
