/**
 * Feed-to-post latency: from the poll that first sees an NWS warning to the campaign's first post
 * on a channel (parse → classify → declare → plan → outbox → dispatch → file channel). The poll
 * interval comes on top (on average half of `pollSeconds`), and is configuration, not code.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readFileRecords } from '../src/channels/file/file-channel.js';
import { createLogger } from '../src/logging/logger.js';
import { startService } from '../src/main.js';
import { waitFor } from '../test/support/child-process.js';
import { nwsAlert, startFeedServer } from '../test/support/feed-server.js';
import { makeTestConfig, testEnv } from '../test/support/test-config.js';
import type { BenchRow } from './bench-row.js';
import { ms, percentile } from './stats.js';

const EMPTY = JSON.stringify({ type: 'FeatureCollection', features: [] });

export async function benchFeedLatency(runs = 10): Promise<BenchRow[]> {
  const firstPost: number[] = [];
  const allPosts: number[] = [];
  let postsPerRun = 0;
  for (let run = 0; run < runs; run++) {
    const server = await startFeedServer();
    server.set(EMPTY);
    const feeds = `feeds:\n  userAgent: "civicast-bench (ops@example.org)"\n  sources:\n    - id: nws\n      url: ${JSON.stringify(server.url)}\n      format: nws-json\n      pollSeconds: 3600\n      area: { codes: [PAZ071] }\n  rules:\n    - events: [Winter Storm Warning]\n      type: snow\n      requiresApproval: false\n`;
    const { dir, configDir, postsFile } = makeTestConfig({ 'feeds.yaml': feeds, 'zz-quiet.yaml': 'channels:\n  console: { kind: console, enabled: false }\n' });
    const svc = await startService({ env: testEnv(configDir, { ADMIN_TOKEN: 'bench-token-0123456789' }), logger: createLogger({ level: 'silent' }), runtimeDir: path.join(dir, 'run') });
    await waitFor(() => svc.services.feedStatus().some((f) => f.state === 'ok'), 10_000, 'first (empty) poll');
    server.set(nwsAlert({ id: `B${run}`, event: 'Winter Storm Warning', vtecAction: 'NEW', messageType: 'Alert' }));
    const started = performance.now();
    await svc.services.pollFeed('nws');
    await waitFor(() => readFileRecords(postsFile).length > 0, 20_000, 'first campaign post');
    firstPost.push(performance.now() - started);
    // Every post of the declaration phase that is due now (not the scheduled reminders).
    await waitFor(async () => (await svc.services.store.countPosts()).pending === 0 || (await svc.services.store.listPosts({ status: 'pending' })).every((p) => p.dueAt > Date.now()), 20_000, 'declaration posts');
    allPosts.push(performance.now() - started);
    postsPerRun = readFileRecords(postsFile).length;
    await svc.close();
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return [
    { name: 'feed-to-post latency: poll → first campaign post on a channel', value: `p50 ${ms(percentile(firstPost, 50))}, p99 ${ms(percentile(firstPost, 99))}`, note: `${runs} runs, NWS JSON warning, embedded store; add up to pollSeconds for the poll itself` },
    { name: 'feed-to-post latency: poll → whole declaration phase out', value: `p50 ${ms(percentile(allPosts, 50))}, p99 ${ms(percentile(allPosts, 99))}`, note: `${postsPerRun} posts (en+es, audit channel) per run on ${os.cpus().length} cores` },
  ];
}
