import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileRecords } from '../../src/channels/file/file-channel.js';
import { newPost } from '../../src/domain/post.js';
import { hashPassword } from '../../src/staff/users/password.js';
import { createLogger } from '../../src/logging/logger.js';
import { startService } from '../../src/main.js';
import { RedisStore } from '../../src/store/redis/redis-store.js';
import { killHard, sleep, spawnTs, waitFor } from '../support/child-process.js';
import { redisAvailable, startRedis, type RedisHandle } from '../support/redis-server.js';
import { makeTestConfig, testEnv } from '../support/test-config.js';
import { FormClient } from '../http/console/console-harness.js';
import { size } from './storm-size.js';

const CHILD = 'test/support/dispatcher-child.ts';
const OUTAGE_MS = size(4_000, 30_000);
/** Item 5 of issue 14: what on-call and residents reach answers within 2 s; shutdown within 10 s (Docker's kill). */
const ANSWER_BOUND_MS = 2_000;
const SHUTDOWN_BOUND_MS = 10_000;
/** Hang detection on a loaded machine: the bounds above are printed as measured; the test fails at three times them. */
const MARGIN = 3;

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await work();
  return { value, ms: performance.now() - started };
}

/** Delivers `total` posts through a dispatcher child while `outage` runs; every post must arrive exactly once. */
async function deliverAcross(redis: RedisHandle, prefix: string, total: number, outage: () => Promise<void>): Promise<{ keys: string[]; duringOutage: number }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'civicast-outage-'));
  const out = path.join(dir, 'posts.jsonl');
  const seed = new RedisStore({ url: redis.url, prefix });
  const now = Date.now();
  for (let i = 0; i < total; i++) {
    await seed.enqueuePost(newPost({ id: `o-${i}`, channel: 'file', parts: [`post ${i}`], priority: 'emergency', dueAt: now + i * 10, source: 'test' }, now));
  }
  await seed.close();
  const child = await spawnTs(CHILD, { REDIS_URL: redis.url, REDIS_PREFIX: prefix, OUT_FILE: out, SEND_DELAY_MS: '6', LEASE_MS: '1500', INSTANCE_ID: 'A' });
  try {
    await waitFor(() => readFileRecords(out).length > 50, 30_000, 'some progress');
    await outage();
    const duringOutage = readFileRecords(out).length;
    const check = new RedisStore({ url: redis.url, prefix });
    await waitFor(async () => (await check.countPosts()).sent === total, 120_000, 'catch-up after the outage');
    await check.close();
    return { keys: readFileRecords(out).map((r) => r.key), duringOutage };
  } finally {
    await killHard(child);
  }
}

describe.skipIf(!redisAvailable())('Redis restarted or unreachable', () => {
  let redis: RedisHandle;
  beforeAll(async () => {
    redis = await startRedis({ appendOnly: true });
  });
  afterAll(async () => {
    await redis.stop();
  });

  it(`loses and doubles nothing across a ${OUTAGE_MS / 1000} s outage mid-run (Redis killed), then catches up`, async () => {
    const total = 400;
    const { keys, duringOutage } = await deliverAcross(redis, 'outage:', total, async () => {
      await redis.stop(true); // crash, mid-delivery
      await sleep(OUTAGE_MS);
      await redis.restart();
    });
    expect(duringOutage).toBeLessThan(total);
    expect(new Set(keys).size).toBe(total);
    expect(keys).toHaveLength(total);
  }, 240_000);

  it(`loses and doubles nothing across a ${OUTAGE_MS / 1000} s freeze mid-run (SIGSTOP: connections open, no answers), then catches up`, async () => {
    const total = 400;
    const { keys, duringOutage } = await deliverAcross(redis, 'frozen:', total, async () => {
      redis.freeze();
      await sleep(OUTAGE_MS);
      redis.thaw();
    });
    expect(duringOutage).toBeLessThan(total);
    expect(new Set(keys).size).toBe(total);
    expect(keys).toHaveLength(total);
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

  it(`with Redis stopped or frozen, on-call and residents get answers within ${ANSWER_BOUND_MS / 1000} s, and shutdown ends within ${SHUTDOWN_BOUND_MS / 1000} s`, async () => {
    const staff = `staff:\n  secureCookies: false\n  users:\n    - { name: ops, role: admin, passwordHash: "${await hashPassword('pw-ops-correct-horse')}" }\n`;
    const { dir, configDir } = makeTestConfig({ 'staff.yaml': staff });
    const svc = await startService({ env: testEnv(configDir, { REDIS_URL: redis.url, REDIS_PREFIX: 'bounds:', ADMIN_TOKEN: 'bounds-token-123456' }), logger: createLogger({ level: 'silent' }), runtimeDir: path.join(dir, 'run') });
    const base = svc.url as string;
    const get = (route: string, client?: FormClient) => (client === undefined ? fetch(base + route).then(async (r) => ({ status: r.status, body: await r.text() })) : client.get(route).then((r) => ({ status: r.status, body: r.html })));
    const measured: string[] = [];
    let closed = false;
    try {
      await svc.services.emergencies.declare({ type: 'snow', actor: 'user:ops' });
      expect((await get('/status.json')).status).toBe(200); // a good view to fall back on
      const staffClient = new FormClient(base);
      expect((await staffClient.login('ops', 'pw-ops-correct-horse')).status).toBe(303);

      for (const outage of ['stopped', 'frozen'] as const) {
        if (outage === 'stopped') await redis.stop();
        else redis.freeze();
        for (let round = 1; round <= 2; round++) {
          const healthz = await timed(() => get('/healthz'));
          const readyz = await timed(() => get('/readyz'));
          const metrics = await timed(() => get('/metrics'));
          const statusJson = await timed(() => get('/status.json'));
          const statusPage = await timed(() => get('/status'));
          const dashboard = await timed(() => get('/console', staffClient));
          measured.push(`${outage}, round ${round}: healthz ${healthz.ms.toFixed(0)} ms, readyz ${readyz.ms.toFixed(0)} ms, metrics ${metrics.ms.toFixed(0)} ms, status.json ${statusJson.ms.toFixed(0)} ms, status ${statusPage.ms.toFixed(0)} ms, console ${dashboard.ms.toFixed(0)} ms`);
          expect(healthz.value.status).toBe(200);
          expect(readyz.value.status).toBe(503);
          expect(JSON.parse(readyz.value.body)).toMatchObject({ ready: false, store: { kind: 'redis', reachable: false }, reasons: expect.arrayContaining([expect.stringMatching(/^store: /)]) });
          expect(metrics.value.status).toBe(200);
          expect(metrics.value.body).toMatch(/^civicast_store_up 0$/m);
          expect(metrics.value.body).toMatch(/^civicast_ready 0$/m);
          expect(statusJson.value.status).toBe(200);
          expect(JSON.parse(statusJson.value.body)).toMatchObject({ stale: { since: expect.any(String) }, emergencies: [{ type: 'snow' }] });
          expect(statusPage.value.status).toBe(200);
          expect(statusPage.value.body).toContain('data-stale="true"');
          expect(dashboard.value.status).toBeGreaterThanOrEqual(200);
          for (const answered of [healthz, readyz, metrics, statusJson, statusPage, dashboard]) expect(answered.ms).toBeLessThan(ANSWER_BOUND_MS * MARGIN);
        }
        if (outage === 'stopped') await redis.restart();
        else redis.thaw();
        let last = '';
        await waitFor(async () => ((last = (await get('/readyz')).body), JSON.parse(last).ready === true), 30_000, `ready again after Redis ${outage}`).catch((error: Error) => {
          throw new Error(`${error.message}; last /readyz: ${last}`);
        });
        expect(JSON.parse((await get('/status.json')).body)).not.toHaveProperty('stale');
      }

      redis.freeze();
      const shutdown = await timed(() => svc.close());
      closed = true;
      measured.push(`shutdown with Redis frozen: ${shutdown.ms.toFixed(0)} ms`);
      expect(shutdown.ms).toBeLessThan(SHUTDOWN_BOUND_MS);
    } finally {
      redis.thaw();
      if (!closed) await svc.close();
      console.log(`redis outage bounds (answer within ${ANSWER_BOUND_MS} ms, shutdown within ${SHUTDOWN_BOUND_MS} ms):\n  ${measured.join('\n  ')}`);
    }
  }, 180_000);
});
