import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readFileRecords } from '../../src/channels/file/file-channel.js';
import { newPost } from '../../src/domain/post.js';
import { RedisStore } from '../../src/store/redis/redis-store.js';
import { killHard, sleep, spawnTs, waitFor } from '../support/child-process.js';
import { redisAvailable, useRedisServer } from '../support/redis-server.js';

const CHILD = 'test/support/dispatcher-child.ts';

describe.skipIf(!redisAvailable())('two instances sharing one Redis', () => {
  const redis = useRedisServer();

  it('deliver 500 posts and every schedule occurrence exactly once', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'civicast-two-'));
    const out = path.join(dir, 'posts.jsonl');
    const prefix = 'two:';
    const seed = new RedisStore({ url: redis.url, prefix });
    const now = Date.now();
    for (let i = 0; i < 500; i++) {
      // Spread over two seconds so both instances are busy claiming at the same time.
      await seed.enqueuePost(newPost({ id: `scheduled-${i}`, channel: 'file', parts: [`post ${i}`], priority: i % 7 === 0 ? 'emergency' : 'routine', dueAt: now + (i % 20) * 100, source: 'test' }, now));
    }
    const env = { REDIS_URL: redis.url, REDIS_PREFIX: prefix, OUT_FILE: out, SEND_DELAY_MS: '2', SCHEDULE_CRON: '* * * * * *' };
    const a = await spawnTs(CHILD, { ...env, INSTANCE_ID: 'A' });
    const b = await spawnTs(CHILD, { ...env, INSTANCE_ID: 'B' });
    await waitFor(() => readFileRecords(out).filter((r) => r.key.startsWith('scheduled-')).length >= 500, 60_000, '500 posts');
    await sleep(3_000); // a few schedule occurrences fired by both instances
    await Promise.all([killHard(a), killHard(b)]);

    const keys = readFileRecords(out).map((r) => r.key);
    const unique = new Set(keys);
    expect(keys.length - unique.size).toBe(0);
    expect([...unique].filter((k) => k.startsWith('scheduled-'))).toHaveLength(500);
    const ticks = [...unique].filter((k) => k.startsWith('sched:tick:'));
    expect(ticks.length).toBeGreaterThanOrEqual(2);
    const sent = await seed.listPosts({ status: 'sent', limit: 10_000 });
    const byInstance = new Set((await seed.tailAudit(2000)).filter((e) => e.action === 'post.sent').map((e) => e.actor));
    expect(sent.length).toBeGreaterThanOrEqual(500);
    // Both instances did real work.
    expect(byInstance).toEqual(new Set(['dispatcher:A', 'dispatcher:B']));
    await seed.close();
  }, 120_000);

  it('the survivor takes over a killed instance’s claims after the lease', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'civicast-two-'));
    const out = path.join(dir, 'posts.jsonl');
    const prefix = 'takeover:';
    const seed = new RedisStore({ url: redis.url, prefix });
    const now = Date.now();
    for (let i = 0; i < 100; i++) {
      await seed.enqueuePost(newPost({ id: `t-${i}`, channel: 'file', parts: [`p ${i}`], priority: 'emergency', dueAt: now, source: 'test' }, now));
    }
    const env = { REDIS_URL: redis.url, REDIS_PREFIX: prefix, OUT_FILE: out, SEND_DELAY_MS: '30', LEASE_MS: '1500' };
    const a = await spawnTs(CHILD, { ...env, INSTANCE_ID: 'A' });
    await sleep(400);
    await killHard(a); // dies holding claims, some mid-attempt
    const b = await spawnTs(CHILD, { ...env, INSTANCE_ID: 'B' });
    await waitFor(async () => (await seed.countPosts()).sent === 100, 60_000, 'takeover');
    await killHard(b);
    const keys = readFileRecords(out).map((r) => r.key);
    expect(new Set(keys).size).toBe(100);
    expect(keys).toHaveLength(100);
    await seed.close();
  }, 120_000);
});
