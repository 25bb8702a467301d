import { beforeEach, describe, expect, it } from 'vitest';
import type { Emergency } from '../../src/domain/emergency.js';
import type { EmergencyService } from '../../src/emergencies/emergency-service.js';
import { MemoryStore } from '../../src/store/memory/memory-store.js';
import { HOUR, makeService, type RecordingListener, TestClock } from './helpers.js';
import { errorOf } from '../support/app-error.js';

describe('EmergencyService lifecycle', () => {
  let store: MemoryStore;
  let clock: TestClock;
  let service: EmergencyService;
  let listener: RecordingListener;

  beforeEach(() => {
    store = new MemoryStore();
    clock = new TestClock();
    ({ service, listener } = makeService(store, clock, { proposalTtlMs: 12 * HOUR }));
  });

  describe('declare', () => {
    it('creates an active emergency with playbook defaults under given params and starts its campaign once', async () => {
      const e = await service.declare({ type: 'snow', params: { trashDelayDays: 1 }, actor: 'user:ann' });
      expect(e).toMatchObject({
        type: 'snow',
        status: 'active',
        title: 'snow emergency',
        effectiveAt: clock.now(),
        params: { trashDelayDays: 1, towRoutes: 'none' },
        source: 'user:ann',
        externalKeys: [],
        drill: false,
        createdAt: clock.now(),
        revision: 0,
      });
      expect(e.id).toMatch(/^snow-2026-01-25-[0-9a-f]{6}$/);
      expect(await service.get(e.id)).toEqual(e);
      expect(listener.calls).toEqual([{ event: 'activated', id: e.id, status: 'active', revision: 0 }]);
      expect(await store.tailAudit(10)).toEqual([
        { at: clock.now(), actor: 'user:ann', action: 'emergency.declare', target: e.id, detail: { type: 'snow', status: 'active', revision: 0 } },
      ]);
      expect(await service.current()).toEqual(e);
    });

    it('with requiresApproval it only proposes: no campaign until approved', async () => {
      const e = await service.declare({ type: 'flood', actor: 'feed:nws', requiresApproval: true, reason: 'River at flood stage' });
      expect(e.status).toBe('proposed');
      expect(e.history).toEqual([{ at: clock.now(), from: null, to: 'proposed', by: 'feed:nws', reason: 'River at flood stage' }]);
      expect(listener.calls).toEqual([]);
      expect(await service.current()).toBeUndefined();
      expect((await store.tailAudit(1))[0]).toMatchObject({ action: 'emergency.propose', actor: 'feed:nws' });
    });

    it('refuses an unknown type clearly and stores nothing', async () => {
      const error = await errorOf(service.declare({ type: 'volcano', actor: 'user:ann' }));
      expect(error.code).toBe('INVALID_INPUT');
      expect(error.message).toContain('unknown emergency type "volcano"');
      expect(error.message).toContain('snow, flood, heat');
      expect(await service.list()).toEqual([]);
      expect(await store.tailAudit(10)).toEqual([]);
      expect(listener.calls).toEqual([]);
    });

    it('a second declaration of an open type is an update of the same emergency', async () => {
      const first = await service.declare({ type: 'snow', params: { trashDelayDays: 1 }, actor: 'user:ann' });
      clock.advance(60_000);
      const second = await service.declare({ type: 'snow', params: { towRoutes: 'A,B' }, actor: 'user:bob', externalKeys: ['vtec:KBOX.WS.W.0004'] });
      expect(second.id).toBe(first.id);
      expect(second.revision).toBe(1);
      expect(second.params).toEqual({ trashDelayDays: 1, towRoutes: 'A,B' });
      expect(second.externalKeys).toEqual(['vtec:KBOX.WS.W.0004']);
      expect(await service.list()).toHaveLength(1);
      expect(listener.events()).toEqual(['activated', 'updated']);
    });

    it('a drill is separate from a live emergency of the same type and never the current one', async () => {
      const drill = await service.declare({ type: 'snow', actor: 'user:ann', drill: true });
      expect(await service.current()).toBeUndefined();
      const live = await service.declare({ type: 'snow', actor: 'user:ann' });
      expect(live.id).not.toBe(drill.id);
      expect(live.drill).toBe(false);
      expect((await service.current())?.id).toBe(live.id);
      expect((await service.active()).map((e) => e.id).sort()).toEqual([drill.id, live.id].sort());
    });

    it('neutralises a staff-given title', async () => {
      const e = await service.declare({ type: 'snow', actor: 'user:ann', title: 'Snow {{x}} @everyone' });
      expect(e.title).not.toContain('{{');
      expect(e.title).not.toContain('@everyone');
    });
  });

  describe('update', () => {
    it('merges params, increments the revision each time and tells the campaign runner each time', async () => {
      const e = await service.declare({ type: 'snow', params: { trashDelayDays: 1 }, actor: 'user:ann', externalKeys: ['k1'] });
      clock.advance(1000);
      const u1 = await service.update(e.id, { params: { trashDelayDays: 2 }, actor: 'user:bob', externalKeys: ['k1', 'k2'] });
      clock.advance(1000);
      const u2 = await service.update(e.id, { params: { garageRate: 5 }, actor: 'user:carl', expiresAt: clock.now() + HOUR });
      expect(u1.revision).toBe(1);
      expect(u2.revision).toBe(2);
      expect(u2.params).toEqual({ trashDelayDays: 2, towRoutes: 'none', garageRate: 5 });
      expect(u2.externalKeys).toEqual(['k1', 'k2']);
      expect(u2.expiresAt).toBe(clock.now() + HOUR);
      expect(u2.updatedAt).toBe(clock.now());
      expect(u2.createdAt).toBe(e.createdAt);
      expect(u2.status).toBe('active');
      expect(u2.history).toEqual(e.history); // an update is not a transition
      expect(await service.get(e.id)).toEqual(u2);
      expect(listener.calls).toEqual([
        { event: 'activated', id: e.id, status: 'active', revision: 0 },
        { event: 'updated', id: e.id, status: 'active', revision: 1 },
        { event: 'updated', id: e.id, status: 'active', revision: 2 },
      ]);
      const audit = (await store.tailAudit(10)).filter((a) => a.action === 'emergency.update');
      expect(audit.map((a) => [a.actor, a.detail?.['revision'], a.detail?.['params']])).toEqual([
        ['user:bob', 1, { trashDelayDays: 2 }],
        ['user:carl', 2, { garageRate: 5 }],
      ]);
    });

    it('updating a proposal changes it but starts no campaign', async () => {
      const e = await service.declare({ type: 'snow', actor: 'user:ann', requiresApproval: true });
      const u = await service.update(e.id, { params: { trashDelayDays: 3 }, actor: 'user:bob' });
      expect(u).toMatchObject({ status: 'proposed', revision: 1, params: { trashDelayDays: 3 } });
      expect(listener.calls).toEqual([]);
      const approved = await service.approve(e.id, 'user:boss');
      expect(approved.params['trashDelayDays']).toBe(3);
      expect(listener.calls).toEqual([{ event: 'activated', id: e.id, status: 'active', revision: 1 }]);
    });

    it('NOT_FOUND for an unknown id', async () => {
      expect((await errorOf(service.update('nope', { actor: 'user:ann' }))).code).toBe('NOT_FOUND');
      expect((await errorOf(service.approve('nope', 'user:ann'))).code).toBe('NOT_FOUND');
      expect((await errorOf(service.lift('nope', 'user:ann'))).code).toBe('NOT_FOUND');
    });
  });

  describe('expiry (driven by the clock and expireDue)', () => {
    it('an active emergency expires once its expiresAt is reached, not before; the campaign ends once', async () => {
      const e = await service.declare({ type: 'snow', actor: 'user:ann', expiresAt: clock.now() + 6 * HOUR });
      clock.advance(6 * HOUR - 1);
      expect(await service.expireDue()).toEqual([]);
      expect((await service.get(e.id)).status).toBe('active');
      clock.advance(1);
      const expired = await service.expireDue();
      expect(expired.map((x) => [x.id, x.status])).toEqual([[e.id, 'expired']]);
      expect((await service.get(e.id)).status).toBe('expired');
      clock.advance(HOUR);
      expect(await service.expireDue()).toEqual([]);
      expect(listener.events()).toEqual(['activated', 'ended']);
      expect(await service.current()).toBeUndefined();
    });

    it('an update that moves expiresAt later keeps it alive past the old time', async () => {
      const e = await service.declare({ type: 'snow', actor: 'user:ann', expiresAt: clock.now() + HOUR });
      await service.update(e.id, { actor: 'feed:nws', expiresAt: clock.now() + 3 * HOUR });
      clock.advance(2 * HOUR);
      expect(await service.expireDue()).toEqual([]);
      clock.advance(HOUR);
      expect((await service.expireDue()).map((x) => x.id)).toEqual([e.id]);
    });

    it('an emergency lifted elsewhere between the read and the write does not stop the rest of the pass', async () => {
      const shared = new MemoryStore();
      const other = makeService(shared, clock);
      let snowId = '';
      let interfered = false;
      // Instance A's view of the list goes stale: B lifts the snow emergency right after A read it.
      const stale = new Proxy(shared, {
        get(target, prop, receiver) {
          if (prop === 'listDocs') {
            return async (collection: string) => {
              const docs = await target.listDocs(collection);
              if (!interfered && snowId !== '') {
                interfered = true;
                // Changes are serialized by a lease; this is the write of an instance whose lease ran out.
                const current = (await target.getDoc<Emergency>('emergencies', snowId)) as Emergency;
                await target.putDoc('emergencies', snowId, { ...current, status: 'lifted' });
              }
              return docs;
            };
          }
          const value = Reflect.get(target, prop, receiver) as unknown;
          return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
        },
      });
      const a = makeService(stale, clock);
      const snow = await other.service.declare({ type: 'snow', actor: 'user:ann', expiresAt: clock.now() + HOUR });
      const heat = await other.service.declare({ type: 'heat', actor: 'user:ann', expiresAt: clock.now() + HOUR });
      clock.advance(HOUR);
      snowId = snow.id;
      const expired = await a.service.expireDue();
      expect(interfered).toBe(true);
      expect(expired.map((e) => e.id)).toEqual([heat.id]);
      expect((await a.service.get(snow.id)).status).toBe('lifted');
      expect((await a.service.get(heat.id)).status).toBe('expired');
    });

    it('an emergency without expiresAt never expires by itself', async () => {
      await service.declare({ type: 'snow', actor: 'user:ann' });
      clock.advance(1000 * HOUR);
      expect(await service.expireDue()).toEqual([]);
    });

    it('a proposal expires after proposalTtl without a campaign, and can no longer be approved', async () => {
      const e = await service.declare({ type: 'flood', actor: 'feed:nws', requiresApproval: true });
      clock.advance(12 * HOUR);
      expect(await service.expireDue()).toEqual([]);
      clock.advance(1);
      expect((await service.expireDue()).map((x) => [x.id, x.status])).toEqual([[e.id, 'expired']]);
      expect(listener.calls).toEqual([]);
      const error = await errorOf(service.approve(e.id, 'user:boss'));
      expect(error.code).toBe('CONFLICT');
      expect(listener.calls).toEqual([]);
    });

    it('a proposal whose event has already ended (expiresAt passed) lapses before proposalTtl', async () => {
      const e = await service.declare({ type: 'flood', actor: 'feed:nws', requiresApproval: true, expiresAt: clock.now() + HOUR });
      clock.advance(HOUR);
      expect((await service.expireDue()).map((x) => x.id)).toEqual([e.id]);
      expect((await errorOf(service.approve(e.id, 'user:boss'))).code).toBe('CONFLICT');
      expect(listener.calls).toEqual([]);
    });
  });

  it('calls the listener exactly once per campaign-relevant step over a whole lifecycle', async () => {
    const e = await service.declare({ type: 'heat', actor: 'feed:nws', requiresApproval: true });
    await service.update(e.id, { params: { coolingCenters: 3 }, actor: 'feed:nws' });
    await service.approve(e.id, 'user:boss');
    await service.update(e.id, { params: { coolingCenters: 4 }, actor: 'user:boss' });
    await service.lift(e.id, 'user:boss', 'heat over');
    expect(listener.calls).toEqual([
      { event: 'activated', id: e.id, status: 'active', revision: 1 },
      { event: 'updated', id: e.id, status: 'active', revision: 2 },
      { event: 'ended', id: e.id, status: 'lifted', revision: 2 },
    ]);
    const history = (await service.get(e.id)).history.map((h) => `${h.from ?? '∅'}→${h.to} by ${h.by}`);
    expect(history).toEqual(['∅→proposed by feed:nws', 'proposed→active by user:boss', 'active→lifted by user:boss']);
  });

  describe('findOpen', () => {
    it('finds the only open emergency of a type, and refuses ambiguity', async () => {
      const snow = await service.declare({ type: 'snow', actor: 'user:ann' });
      expect((await service.findOpen({ type: 'snow' })).id).toBe(snow.id);
      expect((await errorOf(service.findOpen({ type: 'flood' }))).code).toBe('NOT_FOUND');
      await service.declare({ type: 'flood', actor: 'user:ann' });
      expect((await errorOf(service.findOpen({}))).code).toBe('CONFLICT');
      await service.lift(snow.id, 'user:ann');
      expect((await errorOf(service.findOpen({ type: 'snow' }))).code).toBe('NOT_FOUND');
    });
  });

  describe('campaign work the listener did not finish', () => {
    it('a failing campaign step does not fail the declaration, and is retried until it succeeds once', async () => {
      let failures = 1;
      const flaky = listener.onActivated.bind(listener);
      listener.onActivated = async (e) => {
        if (failures-- > 0) throw new Error('store hiccup while queueing');
        await flaky(e);
      };
      const e = await service.declare({ type: 'snow', actor: 'user:ann' });
      expect(e.status).toBe('active');
      expect(listener.calls).toEqual([]);
      expect(await store.listDocs('campaign-work')).toHaveLength(1);

      // Too young: another instance may be doing it right now.
      expect(await service.resumeCampaignWork(60_000)).toBe(0);
      clock.advance(61_000);
      expect(await service.resumeCampaignWork(60_000)).toBe(1);
      expect(await service.resumeCampaignWork(0)).toBe(0);
      expect(listener.calls).toEqual([{ event: 'activated', id: e.id, status: 'active', revision: 0 }]);
      expect(await store.listDocs('campaign-work')).toEqual([]);
    });

    it('drops work a later change superseded or whose transition was never saved', async () => {
      const e = await service.declare({ type: 'snow', actor: 'user:ann' });
      // As if the process had died after promising each of these and before doing them.
      await store.putDoc('campaign-work', `${e.id}:updated:1`, { emergencyId: e.id, event: 'updated', revision: 1, at: clock.now() });
      await store.putDoc('campaign-work', `${e.id}:ended:0`, { emergencyId: e.id, event: 'ended', revision: 0, at: clock.now() });
      await store.putDoc('campaign-work', 'snow-gone:activated:0', { emergencyId: 'snow-gone', event: 'activated', revision: 0, at: clock.now() });
      await service.update(e.id, { params: { towRoutes: 'A' }, actor: 'user:ann' });
      await service.update(e.id, { params: { towRoutes: 'B' }, actor: 'user:ann' });
      listener.calls.length = 0;
      expect(await service.resumeCampaignWork(0)).toBe(0);
      expect(listener.calls).toEqual([]);
      expect(await store.listDocs('campaign-work')).toEqual([]);
    });

    it('an unfinished lift posts its all-clear after the restart', async () => {
      const e = await service.declare({ type: 'flood', actor: 'user:ann' });
      const dyingService = makeService(store, clock).service;
      dyingService.setListener({ onActivated: async () => {}, onUpdated: async () => {}, onEnded: () => Promise.reject(new Error('killed')) });
      await dyingService.lift(e.id, 'user:ann');
      listener.calls.length = 0;
      expect(await service.resumeCampaignWork(0)).toBe(1);
      expect(listener.calls).toEqual([{ event: 'ended', id: e.id, status: 'lifted', revision: 0 }]);
    });
  });
});
