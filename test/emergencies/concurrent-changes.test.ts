import { afterAll, describe, expect, it } from 'vitest';
import { MemoryStore } from '../../src/store/memory/memory-store.js';
import { RedisStore } from '../../src/store/redis/redis-store.js';
import type { Store } from '../../src/store/store.js';
import { redisAvailable, useRedisServer } from '../support/redis-server.js';
import { HOUR, makeService, makeSignal, TestClock } from './helpers.js';

/**
 * Several instances (here: several services on one store) change emergencies at the same moment:
 * a feed signal, a manager's click, a second feed carrying the same storm. Without serialization
 * each read "no open snow emergency" and each started its own campaign.
 */
function concurrentChanges(name: string, newWorld: () => () => Promise<Store>): void {
  describe(`concurrent emergency changes (${name})`, () => {
    it('simultaneous declarations and signals of one type make one emergency and one campaign', async () => {
      const clock = new TestClock();
      const openStore = newWorld();
      const instances = await Promise.all([0, 1, 2, 3].map(async () => makeService(await openStore(), clock)));
      const declared = await Promise.all([
        instances[0]!.service.declare({ type: 'snow', actor: 'user:ann' }),
        instances[1]!.service.declare({ type: 'snow', actor: 'user:bob' }),
        instances[2]!.service.applySignal(makeSignal({ id: 'nws-1', eventKeys: ['vtec:KPHI.WS.W.0007'] })),
        instances[3]!.service.applySignal(makeSignal({ id: 'city-1', feedId: 'city', params: { towRoutes: 'all' } })),
      ]);
      const ids = new Set(declared.filter((e) => e !== undefined).map((e) => e.id));
      expect(ids.size).toBe(1);
      const all = await instances[0]!.service.list();
      expect(all).toHaveLength(1);
      const activations = instances.flatMap((i) => i.listener.calls).filter((c) => c.event === 'activated');
      expect(activations).toHaveLength(1);
      expect(all[0]?.externalKeys).toContain('vtec:KPHI.WS.W.0007');
      expect(all[0]?.params['towRoutes']).toBe('all');
    });

    it('an update racing a lift never brings the emergency back', async () => {
      const clock = new TestClock();
      const openStore = newWorld();
      // Instance A's writes are slow (a busy Redis): its update is read, then written 50 ms later.
      const slowWrites = slowEmergencyWrites(await openStore(), 50);
      const a = makeService(slowWrites, clock);
      const b = makeService(await openStore(), clock);
      const flood = await b.service.declare({ type: 'flood', actor: 'user:ann', expiresAt: clock.now() + HOUR });
      const update = a.service.update(flood.id, { params: { crest: '12 ft' }, actor: 'feed:nws' });
      await new Promise((resolve) => setTimeout(resolve, 10));
      const lifted = await b.service.lift(flood.id, 'user:bob', 'water receding');
      await update;
      expect(lifted.params['crest']).toBe('12 ft');
      expect((await b.service.get(flood.id)).status).toBe('lifted');
      expect(b.listener.events()).toEqual(['activated', 'ended']);
    });
  });
}

/** The same store, with every write of an emergency held back by `ms`. */
function slowEmergencyWrites(store: Store, ms: number): Store {
  return new Proxy(store, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (typeof value !== 'function') return value;
      if (prop !== 'putDoc') return (value as (...args: unknown[]) => unknown).bind(target);
      return async (collection: string, id: string, doc: unknown) => {
        if (collection === 'emergencies') await new Promise((resolve) => setTimeout(resolve, ms));
        return target.putDoc(collection, id, doc);
      };
    },
  });
}

// One embedded store is shared by the instances of one test, as one process's services would be.
concurrentChanges('embedded store', () => {
  const shared = new MemoryStore();
  return async () => shared;
});

describe.skipIf(!redisAvailable())('on a real Redis', () => {
  const redis = useRedisServer();
  let worlds = 0;
  const clients: RedisStore[] = [];
  afterAll(async () => {
    for (const client of clients.splice(0)) await client.close();
  });
  // Each instance has its own connection; each test its own key prefix.
  concurrentChanges('redis store', () => {
    const prefix = `race${++worlds}:`;
    return async () => {
      const client = new RedisStore({ url: redis.url, prefix });
      clients.push(client);
      return client;
    };
  });
});
