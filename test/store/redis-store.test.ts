import { describe } from 'vitest';
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
});
