import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileRecords } from '../../src/channels/file/file-channel.js';
import { newPost } from '../../src/domain/post.js';
import { createLogger } from '../../src/logging/logger.js';
import { startService } from '../../src/main.js';
import { RedisStore } from '../../src/store/redis/redis-store.js';
import { killHard, sleep, spawnTs, waitFor } from '../support/child-process.js';
import { redisAvailable, startRedis, type RedisHandle } from '../support/redis-server.js';
import { makeTestConfig, testEnv } from '../support/test-config.js';
import { size } from './storm-size.js';

const CHILD = 'test/support/dispatcher-child.ts';
const OUTAGE_MS = size(4_000, 30_000);

describe.skipIf(!redisAvailable())('Redis restarted or unreachable', () => {
  let redis: RedisHandle;
  beforeAll(async () => {
    redis = await startRedis({ appendOnly: true });
  });
  afterAll(async () => {
    await redis.stop();
  });

  it(`loses and doubles nothing across a ${OUTAGE_MS / 1000} s outage mid-run, then catches up`, async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'civicast-outage-'));
    const out = path.join(dir, 'posts.jsonl');
    const prefix = 'outage:';
    const seed = new RedisStore({ url: redis.url, prefix });
    const now = Date.now();
    const total = 400;
    for (let i = 0; i < total; i++) {
      await seed.enqueuePost(newPost({ id: `o-${i}`, channel: 'file', parts: [`post ${i}`], priority: 'emergency', dueAt: now + i * 10, source: 'test' }, now));
    }
    await seed.close();
    const child = await spawnTs(CHILD, { REDIS_URL: redis.url, REDIS_PREFIX: prefix, OUT_FILE: out, SEND_DELAY_MS: '6', LEASE_MS: '1500', INSTANCE_ID: 'A' });
    await waitFor(() => readFileRecords(out).length > 50, 30_000, 'some progress');
    await redis.stop(true); // crash, mid-delivery
    const duringOutage = readFileRecords(out).length;
    await sleep(OUTAGE_MS);
    await redis.restart();
    const check = new RedisStore({ url: redis.url, prefix });
    await waitFor(async () => (await check.countPosts()).sent === total, 120_000, 'catch-up after the outage');
    await killHard(child);
    const keys = readFileRecords(out).map((r) => r.key);
    expect(duringOutage).toBeLessThan(total);
    expect(new Set(keys).size).toBe(total);
    expect(keys).toHaveLength(total);
    await check.close();
  }, 240_000);

  it('reports the store as unreachable on /readyz while Redis is down, and recovers', async () => {
    const { dir, configDir } = makeTestConfig();
    const svc = await startService({ env: testEnv(configDir, { REDIS_URL: redis.url, REDIS_PREFIX: 'ready:', ADMIN_TOKEN: 'ready-token-123456' }), logger: createLogger({ level: 'silent' }), runtimeDir: path.join(dir, 'run') });
    try {
      expect((await svc.app!.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
      await redis.stop();
      const down = await svc.app!.inject({ method: 'GET', url: '/readyz' });
      expect(down.statusCode).toBe(503);
      expect(down.json()).toMatchObject({ ready: false, store: { kind: 'redis', reachable: false } });
      expect((await svc.app!.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
      const metricsDown = await svc.app!.inject({ method: 'GET', url: '/metrics' });
      expect(metricsDown.body).toMatch(/^civicast_store_up 0$/m);
      expect(metricsDown.body).toMatch(/^civicast_scrape_ok 0$/m);
      await redis.restart();
      await waitFor(async () => (await svc.app!.inject({ method: 'GET', url: '/readyz' })).statusCode === 200, 30_000, 'ready again');
      expect((await svc.app!.inject({ method: 'GET', url: '/metrics' })).body).toMatch(/^civicast_store_up 1$/m);
    } finally {
      await svc.close();
    }
  }, 120_000);
});
