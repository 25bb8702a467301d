import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A local feed server: serves whatever document the test sets, with ETag and 304 support. */
export interface FeedServer {
  url: string;
  requests: http.IncomingHttpHeaders[];
  set(body: string, contentType?: string): void;
  /** Answer the next `count` requests with this status (500, 429…) instead of the document. */
  failNext(status: number, count?: number): void;
  /** Send `bytes` of junk (a huge body). */
  flood(bytes: number): void;
  close(): Promise<void>;
}

export async function startFeedServer(): Promise<FeedServer> {
  let body = '';
  let type = 'application/json';
  let failures: { status: number; count: number } | undefined;
  let floodBytes = 0;
  const requests: http.IncomingHttpHeaders[] = [];
  const server = http.createServer((req, res) => {
    requests.push(req.headers);
    if (failures !== undefined && failures.count > 0) {
      failures.count--;
      res.writeHead(failures.status).end('failure');
      return;
    }
    if (floodBytes > 0) {
      const chunk = Buffer.alloc(1 << 20, 'a');
      res.writeHead(200, { 'content-type': 'application/xml' });
      let sent = 0;
      const pump = () => {
        while (sent < floodBytes) {
          sent += chunk.length;
          if (!res.write(chunk)) return res.once('drain', pump);
        }
        res.end();
      };
      res.on('error', () => undefined);
      pump();
      return;
    }
    const etag = `"${createHash('sha1').update(body).digest('hex').slice(0, 16)}"`;
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, { etag }).end();
      return;
    }
    res.writeHead(200, { 'content-type': type, etag }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/alerts/active?zone=PAZ071`,
    requests,
    set(next, contentType = 'application/geo+json') {
      body = next;
      type = contentType;
      floodBytes = 0;
    },
    failNext(status, count = 1) {
      failures = { status, count };
    },
    flood(bytes) {
      floodBytes = bytes;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** An NWS alerts API document with one alert for Philadelphia (zone PAZ071). */
export function nwsAlert(input: { id: string; event: string; vtecAction: string; messageType: 'Alert' | 'Update' | 'Cancel'; references?: string[]; expiresInHours?: number; status?: string }): string {
  const now = Date.now();
  return JSON.stringify({
    type: 'FeatureCollection',
    features: [
      {
        id: `https://api.weather.gov/alerts/${input.id}`,
        type: 'Feature',
        properties: {
          id: input.id,
          areaDesc: 'Philadelphia',
          geocode: { SAME: ['042101'], UGC: ['PAZ071'] },
          references: (input.references ?? []).map((identifier) => ({ identifier, sender: 'w-nws.webmaster@noaa.gov', sent: new Date(now - 3_600_000).toISOString() })),
          sent: new Date(now).toISOString(),
          effective: new Date(now).toISOString(),
          expires: new Date(now + (input.expiresInHours ?? 12) * 3_600_000).toISOString(),
          status: input.status ?? 'Actual',
          messageType: input.messageType,
          category: 'Met',
          severity: 'Severe',
          certainty: 'Likely',
          urgency: 'Expected',
          event: input.event,
          headline: `${input.event} issued by NWS Mount Holly NJ`,
          description: 'Heavy snow expected. Total snow accumulations of 8 to 12 inches.',
          parameters: { VTEC: [`/O.${input.vtecAction}.KPHI.WS.W.0007.260120T0000Z-260121T0000Z/`] },
        },
      },
    ],
  });
}
