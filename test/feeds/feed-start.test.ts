import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logging/logger.js';
import { startService, type RunningService } from '../../src/main.js';
import { waitFor } from '../support/child-process.js';
import { makeTestConfig, testEnv } from '../support/test-config.js';

const RSS = '<?xml version="1.0"?><rss version="2.0"><channel><title>City</title><item><guid>n1</guid><title>Library hours</title><description>Open late.</description></item></channel></rss>';

/** A feed server that holds every request until `release()`: two slow feeds. */
async function slowFeeds(): Promise<{ url: string; waiting: () => string[]; release: () => void; close: () => Promise<void> }> {
  const held: { path: string; res: http.ServerResponse }[] = [];
  const server = http.createServer((req, res) => held.push({ path: req.url ?? '', res }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const release = () => {
    for (const h of held.splice(0)) h.res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(RSS);
  };
  return {
    url,
    waiting: () => held.map((h) => h.path).sort(),
    release,
    close: () => {
      release();
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

describe('feeds at start-up', () => {
  let svc: RunningService | undefined;
  let feeds: Awaited<ReturnType<typeof slowFeeds>> | undefined;
  afterEach(async () => {
    await svc?.close();
    await feeds?.close();
  });

  it('are polled side by side, after the HTTP port is bound, and a slow one delays nothing', async () => {
    feeds = await slowFeeds();
    const source = (id: string) => `    - { id: ${id}, url: "${feeds?.url}/${id}", format: rss, pollSeconds: 60, ignoreExistingOnFirstPoll: false }\n`;
    const { dir, configDir } = makeTestConfig({ 'zz-feeds.yaml': `feeds:\n  timeoutMs: 120000\n  sources:\n${source('first')}${source('second')}` });
    // start() returns while both feeds are still being read: the port is bound and answering.
    svc = await startService({ env: testEnv(configDir, { ADMIN_TOKEN: 'feed-start-token-1234' }), logger: createLogger({ level: 'silent' }), runtimeDir: path.join(dir, 'run') });
    expect((await fetch(`${svc.url}/healthz`)).status).toBe(200);
    // Both requests are in flight at once: neither feed waits for the other.
    await waitFor(() => feeds?.waiting().length === 2, 30_000, 'both feeds requested');
    expect(feeds.waiting()).toEqual(['/first', '/second']);
    const polled = () => svc?.services.feedStatus().filter((f) => typeof f.lastSuccessAt === 'number').map((f) => f.id) ?? [];
    expect(polled()).toEqual([]);
    feeds.release();
    await waitFor(() => polled().length === 2, 30_000, 'both feeds read');
    expect(polled().sort()).toEqual(['first', 'second']);
  });
});
