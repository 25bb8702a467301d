import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { newPost } from '../../src/domain/post.js';
import { RedisStore } from '../../src/store/redis/redis-store.js';
import { storeContract } from '../contract/store-contract.js';
import { redisAvailable, useRedisServer } from '../support/redis-server.js';

const enabled = redisAvailable();

describe.skipIf(!enabled)('redis store', () => {
  const redis = useRedisServer();
  let counter = 0;

  storeContract('redis', async (options) => {
    // A fresh prefix per test keeps tests independent on one server.
    const prefix = `t${++counter}:`;
    const stores: RedisStore[] = [new RedisStore({ url: redis.url, prefix, ...options })];
    return {
      store: stores[0] as RedisStore,
      reopen: async () => {
        const again = new RedisStore({ url: redis.url, prefix, ...options });
        stores.push(again);
        return again;
      },
      cleanup: async () => {
        for (const s of stores) await s.close();
      },
    };
  });

  it('claims posts queued under the earlier layout (one due set per rank, not per channel)', async () => {
    const prefix = `legacy${++counter}:`;
    const store = new RedisStore({ url: redis.url, prefix });
    const raw = new Redis(redis.url);
    try {
      const t0 = 1_700_000_000_000;
      await store.enqueuePost(newPost({ id: 'old-routine', channel: 'x-311', parts: ['a'], priority: 'routine', dueAt: t0 - 1000, source: 'test' }, t0));
      await store.enqueuePost(newPost({ id: 'new-urgent', channel: 'x-311', parts: ['b'], priority: 'urgent', dueAt: t0, source: 'test' }, t0));
      // An instance of the earlier version queued 'old-routine': rank 2, one set for every channel.
      await raw.zrem(`${prefix}due:3:x-311`, 'old-routine');
      await raw.hset(`${prefix}post:old-routine`, 'rank', '2');
      await raw.zadd(`${prefix}due:2`, t0 - 1000, 'old-routine');
      const claimed = await store.claimPosts({ now: t0, limit: 10, owner: 'A', leaseMs: 1000 });
      expect(claimed.fresh.map((p) => p.id)).toEqual(['new-urgent', 'old-routine']);
      expect(await raw.exists(`${prefix}due:2`)).toBe(0);
      // Released again, it goes back to the set of its channel.
      await store.updateClaimed('old-routine', 'A', { status: 'pending', dueAt: t0 + 5 }, t0);
      expect(await raw.zscore(`${prefix}due:2:x-311`, 'old-routine')).toBe(String(t0 + 5));
    } finally {
      raw.disconnect();
      await store.close();
    }
  });
});
