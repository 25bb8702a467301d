/**
 * The public status page under a crowd: many clients reloading /status.json while the store holds
 * two weeks of campaigns and a storm of replies. Measured with the view cache off and on, in the
 * same run, over real loopback HTTP (the load generator shares the process, so absolute numbers
 * are a floor).
 */
import path from 'node:path';
import { newPost } from '../src/domain/post.js';
import { createLogger } from '../src/logging/logger.js';
import { startService } from '../src/main.js';
import { makeTestConfig, testEnv } from '../test/support/test-config.js';
import type { BenchRow } from './bench-row.js';
import { ms, percentile } from './stats.js';

const OFFICIAL = 2_000;
const REPLIES = 20_000;
const CLIENTS = 50;
const DURATION_MS = 4_000;

async function crowd(cacheSeconds: number): Promise<{ rate: number; p99: number }> {
  const { dir, configDir } = makeTestConfig({ 'zz-bench.yaml': `channels:\n  console: { kind: console, enabled: false }\nhttp:\n  statusCacheSeconds: ${cacheSeconds}\n` });
  const svc = await startService({ env: testEnv(configDir, { ADMIN_TOKEN: 'bench-token-0123456789' }), logger: createLogger({ level: 'silent' }), runtimeDir: path.join(dir, 'run') });
  try {
    const { store, pause } = svc.services;
    await pause.set(true, 'bench', Date.now());
    const now = Date.now();
    for (let i = 0; i < OFFICIAL; i++) await store.enqueuePost(newPost({ id: `o${i}`, channel: 'audit', parts: [`Notice ${i}`], priority: 'routine', dueAt: now - 1, source: 'schedule:b', locale: 'en' }, now - 1));
    for (let i = 0; i < REPLIES; i++) await store.enqueuePost(newPost({ id: `r${i}`, channel: 'audit', parts: [`Reply ${i}`], priority: 'emergency', dueAt: now - 1, source: `reply:m${i}`, replyTo: { messageId: `m${i}` } }, now - 1));
    const claimed = await store.claimPosts({ now, limit: OFFICIAL + REPLIES, owner: 'bench', leaseMs: 600_000 });
    for (const post of claimed.fresh) await store.updateClaimed(post.id, 'bench', { status: 'sent' }, now);
    await svc.services.emergencies.declare({ type: 'snow', actor: 'user:bench' });

    const url = `${svc.url}/status.json`;
    const latencies: number[] = [];
    const end = performance.now() + DURATION_MS;
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        while (performance.now() < end) {
          const t0 = performance.now();
          const response = await fetch(url);
          await response.arrayBuffer();
          if (response.status !== 200) throw new Error(`status ${response.status}`);
          latencies.push(performance.now() - t0);
        }
      }),
    );
    return { rate: latencies.length / (DURATION_MS / 1000), p99: percentile(latencies, 99) };
  } finally {
    await svc.close();
  }
}

export async function benchPublicPages(): Promise<BenchRow[]> {
  const uncached = await crowd(0);
  const cached = await crowd(5);
  const note = `${CLIENTS} clients for ${DURATION_MS / 1000} s, embedded store with ${OFFICIAL.toLocaleString('en-US')} official posts and ${REPLIES.toLocaleString('en-US')} replies, an active emergency`;
  return [
    { name: '/status.json under a crowd, view rebuilt per request', value: `${Math.round(uncached.rate).toLocaleString('en-US')} req/s, p99 ${ms(uncached.p99)}`, note },
    { name: '/status.json under a crowd, view cached 5 s (default)', value: `${Math.round(cached.rate).toLocaleString('en-US')} req/s, p99 ${ms(cached.p99)}`, note: `${(cached.rate / uncached.rate).toFixed(1)}× the rebuilt rate in this run` },
  ];
}
