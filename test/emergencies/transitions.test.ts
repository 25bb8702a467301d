import { beforeEach, describe, expect, it } from 'vitest';
import type { Emergency, EmergencyStatus } from '../../src/domain/emergency.js';
import { AppError } from '../../src/domain/errors.js';
import type { EmergencyService } from '../../src/emergencies/emergency-service.js';
import { canTransition } from '../../src/emergencies/transitions.js';
import { MemoryStore } from '../../src/store/memory/memory-store.js';
import { HOUR, makeService, type RecordingListener, TestClock } from './helpers.js';

const STATUSES: EmergencyStatus[] = ['proposed', 'active', 'lifted', 'expired', 'rejected'];
const LEGAL = new Set(['proposed>active', 'proposed>rejected', 'proposed>expired', 'active>lifted', 'active>expired']);

describe('canTransition: the state machine table', () => {
  for (const from of STATUSES) {
    for (const to of STATUSES) {
      const legal = LEGAL.has(`${from}>${to}`);
      it(`${from} → ${to} is ${legal ? 'allowed' : 'refused'}`, () => {
        expect(canTransition(from, to)).toBe(legal);
      });
    }
  }
});

type Op = 'approve' | 'reject' | 'lift' | 'update';
const OPS: Op[] = ['approve', 'reject', 'lift', 'update'];

/** Which service operations are legal from which status (lift of a proposal is a rejection). */
const LEGAL_OPS: Record<EmergencyStatus, Op[]> = {
  proposed: ['approve', 'reject', 'lift', 'update'],
  active: ['lift', 'update'],
  lifted: [],
  expired: [],
  rejected: [],
};

describe('emergency service transitions', () => {
  let store: MemoryStore;
  let clock: TestClock;
  let service: EmergencyService;
  let listener: RecordingListener;

  beforeEach(() => {
    store = new MemoryStore();
    clock = new TestClock();
    ({ service, listener } = makeService(store, clock));
  });

  /** Brings a fresh snow emergency into `status` through the service's own operations. */
  async function reach(status: EmergencyStatus): Promise<Emergency> {
    switch (status) {
      case 'proposed':
        return service.declare({ type: 'snow', actor: 'user:ann', requiresApproval: true });
      case 'active':
        return service.declare({ type: 'snow', actor: 'user:ann' });
      case 'lifted': {
        const e = await service.declare({ type: 'snow', actor: 'user:ann' });
        return service.lift(e.id, 'user:bob', 'roads clear');
      }
      case 'rejected': {
        const e = await service.declare({ type: 'snow', actor: 'user:ann', requiresApproval: true });
        return service.reject(e.id, 'user:bob', 'not needed');
      }
      case 'expired': {
        const e = await service.declare({ type: 'snow', actor: 'user:ann', expiresAt: clock.now() + HOUR });
        clock.advance(HOUR);
        const expired = await service.expireDue();
        expect(expired.map((x) => x.id)).toEqual([e.id]);
        return service.get(e.id);
      }
    }
  }

  function run(op: Op, id: string): Promise<Emergency> {
    switch (op) {
      case 'approve':
        return service.approve(id, 'user:carl');
      case 'reject':
        return service.reject(id, 'user:carl', 'why not');
      case 'lift':
        return service.lift(id, 'user:carl', 'done');
      case 'update':
        return service.update(id, { params: { trashDelayDays: 9 }, actor: 'user:carl' });
    }
  }

  for (const status of STATUSES) {
    for (const op of OPS) {
      if (LEGAL_OPS[status].includes(op)) continue;
      it(`refuses ${op} on a ${status} emergency with CONFLICT and changes nothing`, async () => {
        const e = await reach(status);
        expect(e.status).toBe(status);
        const before = await service.get(e.id);
        const auditBefore = await store.tailAudit(1000);
        const callsBefore = listener.calls.length;
        clock.advance(60_000);

        const error = await run(op, e.id).then(
          () => undefined,
          (err: unknown) => err,
        );
        expect(error).toBeInstanceOf(AppError);
        expect((error as AppError).code).toBe('CONFLICT');
        expect((error as AppError).message).toContain(status);

        expect(await service.get(e.id)).toEqual(before);
        expect(await store.tailAudit(1000)).toEqual(auditBefore);
        expect(listener.calls.length).toBe(callsBefore);
      });
    }
  }

  it('proposed → active (approve): history and audit carry actor; campaign starts once', async () => {
    const proposed = await reach('proposed');
    expect(listener.calls).toEqual([]);
    clock.advance(5 * 60_000);
    const active = await service.approve(proposed.id, 'user:boss');
    expect(active.status).toBe('active');
    expect(active.effectiveAt).toBe(clock.now()); // a proposal takes effect when approved, not before
    expect(active.history).toEqual([
      { at: proposed.createdAt, from: null, to: 'proposed', by: 'user:ann' },
      { at: clock.now(), from: 'proposed', to: 'active', by: 'user:boss' },
    ]);
    const audit = await store.tailAudit(10);
    expect(audit.map((a) => [a.action, a.actor, a.target])).toEqual([
      ['emergency.propose', 'user:ann', proposed.id],
      ['emergency.approve', 'user:boss', proposed.id],
    ]);
    expect(audit[1]?.detail).toMatchObject({ status: 'active', type: 'snow' });
    expect(listener.events()).toEqual(['activated']);
    expect(await service.get(proposed.id)).toEqual(active);
  });

  it('proposed → rejected: reason on history and audit; no campaign', async () => {
    const proposed = await reach('proposed');
    clock.advance(1000);
    const rejected = await service.reject(proposed.id, 'user:boss', 'false alarm');
    expect(rejected.status).toBe('rejected');
    expect(rejected.history.at(-1)).toEqual({ at: clock.now(), from: 'proposed', to: 'rejected', by: 'user:boss', reason: 'false alarm' });
    const last = (await store.tailAudit(1))[0];
    expect(last).toMatchObject({ action: 'emergency.reject', actor: 'user:boss', target: proposed.id, detail: { reason: 'false alarm', status: 'rejected' } });
    expect(listener.calls).toEqual([]);
  });

  it('lifting a proposal rejects it (there is no campaign to end)', async () => {
    const proposed = await reach('proposed');
    const ended = await service.lift(proposed.id, 'user:boss');
    expect(ended.status).toBe('rejected');
    expect(ended.history.at(-1)).toMatchObject({ from: 'proposed', to: 'rejected', by: 'user:boss', reason: 'ended before approval' });
    expect((await store.tailAudit(1))[0]).toMatchObject({ action: 'emergency.reject', actor: 'user:boss' });
    expect(listener.calls).toEqual([]);
  });

  it('active → lifted: reason on history and audit; campaign ends once', async () => {
    const active = await reach('active');
    clock.advance(HOUR);
    const lifted = await service.lift(active.id, 'user:boss', 'roads clear');
    expect(lifted.status).toBe('lifted');
    expect(lifted.history).toEqual([
      { at: active.createdAt, from: null, to: 'active', by: 'user:ann' },
      { at: clock.now(), from: 'active', to: 'lifted', by: 'user:boss', reason: 'roads clear' },
    ]);
    expect((await store.tailAudit(10)).map((a) => [a.action, a.actor])).toEqual([
      ['emergency.declare', 'user:ann'],
      ['emergency.lift', 'user:boss'],
    ]);
    expect((await store.tailAudit(1))[0]?.detail).toMatchObject({ reason: 'roads clear', status: 'lifted' });
    expect(listener.events()).toEqual(['activated', 'ended']);
    expect(listener.calls[1]).toMatchObject({ id: active.id, status: 'lifted' });
  });

  it('active → expired and proposed → expired are by "system", on history and audit', async () => {
    const active = await service.declare({ type: 'snow', actor: 'user:ann', expiresAt: clock.now() + HOUR });
    const proposal = await service.declare({ type: 'flood', actor: 'feed:nws', requiresApproval: true });
    clock.advance(13 * HOUR);
    const expired = await service.expireDue();
    expect(expired.map((e) => e.id).sort()).toEqual([active.id, proposal.id].sort());
    for (const id of [active.id, proposal.id]) {
      const e = await service.get(id);
      expect(e.status).toBe('expired');
      expect(e.history.at(-1)).toEqual({ at: clock.now(), from: id === active.id ? 'active' : 'proposed', to: 'expired', by: 'system' });
    }
    const expiries = (await store.tailAudit(10)).filter((a) => a.action === 'emergency.expire');
    expect(expiries.map((a) => [a.actor, a.target]).sort()).toEqual([
      ['system', active.id],
      ['system', proposal.id],
    ].sort());
    // Only the active one had a campaign to end.
    expect(listener.calls.filter((c) => c.event === 'ended')).toEqual([{ event: 'ended', id: active.id, status: 'expired', revision: 0 }]);
  });

  it('reasons are neutralised before they reach the history', async () => {
    const active = await reach('active');
    const lifted = await service.lift(active.id, 'user:boss', `done\u0000 \u202e<b>x</b>${'y'.repeat(1000)}`);
    const reason = lifted.history.at(-1)?.reason ?? '';
    expect(reason.length).toBeLessThanOrEqual(300);
    expect(reason).not.toContain('\u0000');
    expect(reason).not.toContain('\u202e');
  });
});
