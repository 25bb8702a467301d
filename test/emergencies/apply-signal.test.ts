import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../src/domain/errors.js';
import type { Signal } from '../../src/domain/signal.js';
import { classifyItem } from '../../src/feeds/classify.js';
import { ruleSchema, sourceSchema, type FeedSource } from '../../src/feeds/feed-config.js';
import type { FeedItem } from '../../src/feeds/feed-item.js';
import { MemoryStore } from '../../src/store/memory/memory-store.js';
import { RedisStore } from '../../src/store/redis/redis-store.js';
import type { Store } from '../../src/store/store.js';
import { redisAvailable, useRedisServer } from '../support/redis-server.js';
import { HOUR, makeService, makeSignal, T0, TestClock } from './helpers.js';

const RULES = [ruleSchema.parse({ events: ['Winter Storm Warning', 'Winter Storm Watch'], type: 'snow' }), ruleSchema.parse({ events: ['Flood Warning'], type: 'flood' })];
const LIVE_SOURCE: FeedSource = sourceSchema.parse({ id: 'nws', url: 'https://api.weather.gov/alerts', format: 'nws-json' });
const stamp = (ms: number) => new Date(ms).toISOString().slice(2, 16).replace(/[-:]/g, '') + 'Z'; // yyMMddTHHmmZ

/** A CAP alert as the feed parsers produce it; `vtec` lists [action, phenomena.significance, etn]. */
function capItem(id: string, options: { vtec: [string, string, string][]; event?: string; msgType?: string; references?: string[]; status?: string; expires?: number }): FeedItem {
  const expires = options.expires ?? T0 + 12 * HOUR;
  return {
    id,
    title: options.event ?? 'Winter Storm Warning',
    summary: 'Heavy snow expected. Total snow accumulations of 8 to 12 inches.',
    publishedAt: T0,
    cap: {
      identifier: id,
      event: options.event ?? 'Winter Storm Warning',
      status: options.status ?? 'Actual',
      msgType: options.msgType ?? 'Alert',
      geocode: { UGC: ['MAZ015'], FIPS6: [], SAME: [] },
      effective: new Date(T0).toISOString(),
      expires: new Date(expires).toISOString(),
      references: options.references ?? [],
      vtec: options.vtec.map(([action, ps, etn]) => {
        const [phen, sig] = ps.split('.') as [string, string];
        return `/O.${action}.KBOX.${phen}.${sig}.${etn}.${stamp(T0)}-${stamp(expires)}/`;
      }),
    },
  };
}

function signalOf(item: FeedItem, source: FeedSource = LIVE_SOURCE, requiresApproval = false): Signal {
  const result = classifyItem(item, source, RULES, { requiresApproval, now: T0 });
  if (!('signal' in result)) throw new Error(`item ${item.id} was skipped: ${result.skip}`);
  return result.signal;
}

const NEW_ITEM = capItem('urn:oid:2.49.0.1.840.0.aaa', { vtec: [['NEW', 'WS.W', '0004']] });

interface StoreSetup {
  /** Two handles on one shared state (two connections for Redis). */
  stores: [Store, Store];
  cleanup: () => Promise<void>;
}

function applySignalSuite(setup: () => Promise<StoreSetup>): void {
  let env: StoreSetup;
  let clock: TestClock;
  beforeEach(async () => {
    env = await setup();
    clock = new TestClock();
  });
  afterEach(async () => {
    await env.cleanup();
  });

  it('a NEW signal declares an active emergency keyed by its VTEC event and CAP id', async () => {
    const { service, listener } = makeService(env.stores[0], clock);
    const e = await service.applySignal(signalOf(NEW_ITEM));
    expect(e).toMatchObject({ type: 'snow', status: 'active', title: 'Winter Storm Warning', source: 'feed:nws:urn:oid:2.49.0.1.840.0.aaa', drill: false, expiresAt: T0 + 12 * HOUR });
    expect(e?.externalKeys.sort()).toEqual(['cap:urn:oid:2.49.0.1.840.0.aaa', 'vtec:KBOX.WS.W.0004']);
    expect(e?.history[0]).toMatchObject({ from: null, to: 'active', by: 'feed:nws' });
    expect(listener.events()).toEqual(['activated']);
  });

  it('a NEW signal proposes when approval is required', async () => {
    const { service, listener } = makeService(env.stores[0], clock);
    const e = await service.applySignal(signalOf(NEW_ITEM, LIVE_SOURCE, true));
    expect(e?.status).toBe('proposed');
    expect(listener.calls).toEqual([]);
  });

  it('the same signal applied twice is a no-op', async () => {
    const { service, listener } = makeService(env.stores[0], clock);
    const signal = signalOf(NEW_ITEM);
    const first = await service.applySignal(signal);
    clock.advance(60_000);
    expect(await service.applySignal(signal)).toBeUndefined();
    expect(await service.list()).toEqual([first]);
    expect(listener.events()).toEqual(['activated']);
  });

  it('the same alert under another item id (a second feed) is a no-op: no update, no revision', async () => {
    const { service, listener } = makeService(env.stores[0], clock);
    const first = await service.applySignal(signalOf(NEW_ITEM));
    const otherFeed = sourceSchema.parse({ id: 'nws-atom', url: 'https://alerts.weather.gov/cap/ma.php', format: 'rss' });
    expect(await service.applySignal(signalOf(NEW_ITEM, otherFeed))).toBeUndefined();
    expect(await service.list()).toEqual([first]);
    expect(listener.events()).toEqual(['activated']);
  });

  for (const action of ['CON', 'EXT', 'EXA', 'EXB'] as const) {
    it(`a ${action} for the event updates the same emergency`, async () => {
      const { service, listener } = makeService(env.stores[0], clock);
      const declared = await service.applySignal(signalOf(NEW_ITEM));
      clock.advance(HOUR);
      const laterExpiry = T0 + 24 * HOUR;
      const follow = capItem(`urn:oid:2.49.0.1.840.0.${action.toLowerCase()}`, { vtec: [[action, 'WS.W', '0004']], msgType: 'Update', references: ['urn:oid:2.49.0.1.840.0.aaa'], expires: laterExpiry });
      const signal = signalOf(follow);
      expect(signal.action).toBe('update');
      const updated = await service.applySignal(signal);
      expect(updated?.id).toBe(declared?.id);
      expect(updated).toMatchObject({ status: 'active', revision: 1, expiresAt: laterExpiry });
      expect(updated?.externalKeys).toContain(`cap:urn:oid:2.49.0.1.840.0.${action.toLowerCase()}`);
      expect(await service.list()).toHaveLength(1);
      expect(listener.events()).toEqual(['activated', 'updated']);
    });
  }

  it('an UPG (watch upgraded to a warning, new ETN) updates the watch’s emergency rather than declaring another', async () => {
    const { service, listener } = makeService(env.stores[0], clock);
    const watch = await service.applySignal(signalOf(capItem('urn:watch', { event: 'Winter Storm Watch', vtec: [['NEW', 'WS.A', '0002']] })));
    const upgrade = capItem('urn:warning', { vtec: [['UPG', 'WS.A', '0002'], ['NEW', 'WS.W', '0004']], references: ['urn:watch'] });
    const updated = await service.applySignal(signalOf(upgrade));
    expect(updated?.id).toBe(watch?.id);
    expect(updated?.revision).toBe(1);
    expect(updated?.externalKeys).toEqual(expect.arrayContaining(['vtec:KBOX.WS.A.0002', 'vtec:KBOX.WS.W.0004']));
    // A later CON of the warning's own ETN still finds it.
    const con = await service.applySignal(signalOf(capItem('urn:con', { vtec: [['CON', 'WS.W', '0004']], msgType: 'Update', references: ['urn:warning'], expires: T0 + 20 * HOUR })));
    expect(con?.id).toBe(watch?.id);
    expect(await service.list()).toHaveLength(1);
    expect(listener.events()).toEqual(['activated', 'updated', 'updated']);
  });

  for (const action of ['CAN', 'EXP'] as const) {
    it(`a ${action} ends the emergency, once; a re-delivered NEW does not bring it back`, async () => {
      const { service, listener } = makeService(env.stores[0], clock);
      const declared = await service.applySignal(signalOf(NEW_ITEM));
      clock.advance(HOUR);
      const end = signalOf(capItem(`urn:${action}`, { vtec: [[action, 'WS.W', '0004']], msgType: action === 'CAN' ? 'Cancel' : 'Alert', references: ['urn:oid:2.49.0.1.840.0.aaa'] }));
      expect(end.action).toBe('end');
      const ended = await service.applySignal(end);
      expect(ended).toMatchObject({ id: declared?.id, status: 'lifted' });
      expect(ended?.history.at(-1)).toMatchObject({ from: 'active', to: 'lifted', by: 'feed:nws', reason: 'Winter Storm Warning' });
      expect(await service.applySignal(end)).toBeUndefined();
      const otherFeed = sourceSchema.parse({ id: 'nws-atom', url: 'https://alerts.weather.gov/cap/ma.php', format: 'rss' });
      expect(await service.applySignal(signalOf(NEW_ITEM, otherFeed))).toBeUndefined();
      expect((await service.list()).map((e) => e.status)).toEqual(['lifted']);
      expect(listener.events()).toEqual(['activated', 'ended']);
    });
  }

  it('an end signal ending a proposal rejects it', async () => {
    const { service, listener } = makeService(env.stores[0], clock);
    const proposed = await service.applySignal(signalOf(NEW_ITEM, LIVE_SOURCE, true));
    const ended = await service.applySignal(signalOf(capItem('urn:can', { vtec: [['CAN', 'WS.W', '0004']], msgType: 'Cancel' })));
    expect(ended).toMatchObject({ id: proposed?.id, status: 'rejected' });
    expect(listener.calls).toEqual([]);
  });

  it('a cancellation of an event never seen does not lift an open emergency of the same type', async () => {
    const { service, listener } = makeService(env.stores[0], clock);
    const manual = await service.declare({ type: 'snow', actor: 'user:ann' });
    const foreign = signalOf(capItem('urn:other-can', { vtec: [['CAN', 'WS.W', '0009']], msgType: 'Cancel', references: ['urn:never-seen'] }));
    expect(await service.applySignal(foreign)).toBeUndefined();
    expect((await service.get(manual.id)).status).toBe('active');
    expect(listener.events()).toEqual(['activated']);
  });

  it('a city announcement without keys updates and ends by type', async () => {
    const { service, listener } = makeService(env.stores[0], clock);
    const declared = await service.applySignal(makeSignal({ id: 'city:1', feedId: 'city', title: '', params: { trashDelayDays: 1 } }));
    expect(declared?.title).toBe('snow emergency');
    // The same announcement under a new guid changes nothing.
    expect(await service.applySignal(makeSignal({ id: 'city:1b', feedId: 'city', title: '', params: { trashDelayDays: 1 } }))).toBeUndefined();
    const updated = await service.applySignal(makeSignal({ id: 'city:2', feedId: 'city', action: 'update', title: '', params: { trashDelayDays: 2 } }));
    expect(updated).toMatchObject({ id: declared?.id, revision: 1, params: { trashDelayDays: 2 } });
    const ended = await service.applySignal(makeSignal({ id: 'city:3', feedId: 'city', action: 'end', title: 'Snow emergency lifted' }));
    expect(ended).toMatchObject({ id: declared?.id, status: 'lifted' });
    expect(listener.events()).toEqual(['activated', 'updated', 'ended']);
  });

  it('a drill (CAP Exercise/Test) creates a drill emergency when the source allows drills, never a live one', async () => {
    const { service, listener } = makeService(env.stores[0], clock);
    const live = await service.applySignal(signalOf(NEW_ITEM));
    const exercise = capItem('urn:drill', { status: 'Exercise', vtec: [['NEW', 'WS.W', '0004']] });
    const drill = await service.applySignal(signalOf(exercise));
    expect(drill).toMatchObject({ drill: true, status: 'active', type: 'snow' });
    expect(drill?.id).not.toBe(live?.id);
    expect((await service.get(live?.id ?? '')).revision).toBe(0); // the drill did not touch the live emergency
    expect((await service.current())?.id).toBe(live?.id);
    // A drill cancellation ends the drill only.
    const drillEnd = await service.applySignal(signalOf(capItem('urn:drill-can', { status: 'Test', vtec: [['CAN', 'WS.W', '0004']], msgType: 'Cancel', references: ['urn:drill'] })));
    expect(drillEnd).toMatchObject({ id: drill?.id, status: 'lifted' });
    expect((await service.get(live?.id ?? '')).status).toBe('active');
    expect(listener.calls.map((c) => c.event + ':' + (c.id === live?.id ? 'live' : 'drill'))).toEqual(['activated:live', 'activated:drill', 'ended:drill']);
  });

  it('a drill from a source configured to ignore drills produces no signal and so no emergency', async () => {
    const { service } = makeService(env.stores[0], clock);
    const ignoring = sourceSchema.parse({ id: 'nws', url: 'https://api.weather.gov/alerts', format: 'nws-json', drills: 'ignore' });
    const result = classifyItem(capItem('urn:drill', { status: 'Exercise', vtec: [['NEW', 'WS.W', '0004']] }), ignoring, RULES, { requiresApproval: false, now: T0 });
    expect(result).toEqual({ skip: 'drill-ignored' });
    expect(await service.list()).toEqual([]);
  });

  it('a signal for an unknown type is rejected clearly and leaves no trace, so a retry after a config fix works', async () => {
    const { service } = makeService(env.stores[0], clock);
    const signal = makeSignal({ id: 'nws:volcano-1', type: 'volcano', eventKeys: ['cap:volcano-1'] });
    const error = await service.applySignal(signal).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('INVALID_INPUT');
    expect((error as AppError).message).toContain('unknown emergency type "volcano"');
    expect(await service.list()).toEqual([]);
    expect(await env.stores[0].getDoc('signals', signal.id)).toBeUndefined();
    // An end signal of an unknown type is refused too, rather than ending something by key.
    await service.applySignal(signalOf(NEW_ITEM));
    const end = makeSignal({ id: 'nws:volcano-2', type: 'volcano', action: 'end', eventKeys: ['vtec:KBOX.WS.W.0004'] });
    await expect(service.applySignal(end)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect((await service.list()).map((e) => e.status)).toEqual(['active']);
  });

  it('a signal that failed half-way is applied when the feed retries it', async () => {
    const store = env.stores[0];
    let failNext = true;
    const flaky: Store = Object.create(store) as Store;
    flaky.putDoc = async <T>(collection: string, id: string, value: T): Promise<void> => {
      if (collection === 'emergencies' && failNext) {
        failNext = false;
        throw new AppError('STORE_UNAVAILABLE', 'connection lost');
      }
      return store.putDoc(collection, id, value);
    };
    const { service, listener } = makeService(flaky, clock);
    const signal = signalOf(NEW_ITEM);
    await expect(service.applySignal(signal)).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
    expect(await service.list()).toEqual([]);
    const retried = await service.applySignal(signal);
    expect(retried?.status).toBe('active');
    expect(listener.events()).toEqual(['activated']);
  });

  it('two service instances applying the same signal concurrently create exactly one emergency', async () => {
    const a = makeService(env.stores[0], clock);
    const b = makeService(env.stores[1], clock);
    for (let round = 0; round < 10; round++) {
      const etn = String(100 + round).padStart(4, '0');
      const signal = signalOf(capItem(`urn:round-${round}`, { vtec: [['NEW', 'WS.W', etn]] }));
      const results = await Promise.all([a.service.applySignal(signal), b.service.applySignal(signal)]);
      expect(results.filter((r) => r !== undefined)).toHaveLength(1);
      const open = (await a.service.list()).filter((e) => e.status === 'active');
      expect(open).toHaveLength(1);
      expect(open[0]?.externalKeys).toContain(`vtec:KBOX.WS.W.${etn}`);
      expect(a.listener.calls.length + b.listener.calls.length).toBe(round * 2 + 1);
      await a.service.lift(open[0]?.id ?? '', 'user:test');
    }
    expect(await a.service.list()).toHaveLength(10);
  });
}

describe('applySignal on MemoryStore', () => {
  applySignalSuite(async () => {
    const store = new MemoryStore();
    return { stores: [store, store], cleanup: () => store.close() };
  });
});

const redisEnabled = redisAvailable();

describe.skipIf(!redisEnabled)('applySignal on Redis (two connections, as two instances)', () => {
  const redis = useRedisServer();
  let counter = 0;
  applySignalSuite(async () => {
    const prefix = `emerg${++counter}:`;
    const a = new RedisStore({ url: redis.url, prefix });
    const b = new RedisStore({ url: redis.url, prefix });
    return {
      stores: [a, b],
      cleanup: async () => {
        await a.close();
        await b.close();
      },
    };
  });
});
