import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditRetention, AuditStream } from '../../src/domain/audit.js';
import { newPost, type NewPost } from '../../src/domain/post.js';
import type { Store } from '../../src/store/store.js';
import { auditContract } from './audit-contract.js';

export interface StoreFixture {
  store: Store;
  /** A second handle on the same data (another instance, or the store reopened). */
  reopen?: () => Promise<Store>;
  cleanup: () => Promise<void>;
}

export interface FixtureOptions {
  auditRetention?: Readonly<Record<AuditStream, AuditRetention>>;
}

export type MakeFixture = (options?: FixtureOptions) => Promise<StoreFixture>;

const T0 = 1_700_000_000_000;

function post(id: string, overrides: Partial<NewPost> = {}) {
  return newPost({ id, channel: 'file', parts: [`text ${id}`], priority: 'routine', dueAt: T0, source: 'test', ...overrides }, T0);
}

/** The behaviour every Store adapter must have. Runs against the embedded store and real Redis. */
export function storeContract(name: string, make: MakeFixture): void {
  describe(`Store contract: ${name}`, () => {
    let fixture: StoreFixture;
    let store: Store;
    beforeEach(async () => {
      fixture = await make();
      store = fixture.store;
    });
    afterEach(async () => {
      await fixture.cleanup();
    });

    it('enqueues a post once per id', async () => {
      expect(await store.enqueuePost(post('a'))).toBe(true);
      expect(await store.enqueuePost(post('a', { parts: ['other'] }))).toBe(false);
      const stored = await store.getPost('a');
      expect(stored?.parts).toEqual(['text a']);
      expect(stored?.status).toBe('pending');
      expect(stored?.sentParts).toEqual([]);
    });

    it('claims due posts by priority, then due time, and never twice', async () => {
      await store.enqueuePost(post('routine-early', { dueAt: T0 - 5000 }));
      await store.enqueuePost(post('urgent', { priority: 'urgent', dueAt: T0 }));
      await store.enqueuePost(post('emergency', { priority: 'emergency', dueAt: T0 - 1 }));
      await store.enqueuePost(post('future', { priority: 'urgent', dueAt: T0 + 60_000 }));
      const first = await store.claimPosts({ now: T0, limit: 2, owner: 'A', leaseMs: 1000 });
      expect(first.fresh.map((p) => p.id)).toEqual(['urgent', 'emergency']);
      expect(first.fresh.every((p) => p.status === 'claimed' && p.claimOwner === 'A')).toBe(true);
      const second = await store.claimPosts({ now: T0, limit: 10, owner: 'B', leaseMs: 1000 });
      expect(second.fresh.map((p) => p.id)).toEqual(['routine-early']);
      const third = await store.claimPosts({ now: T0, limit: 10, owner: 'B', leaseMs: 1000 });
      expect(third.fresh).toEqual([]);
      expect(third.recovered).toEqual([]);
    });

    it('keeps posts awaiting approval out of claims until approved', async () => {
      await store.enqueuePost(post('needs-ok', { awaitingApproval: true }));
      expect((await store.claimPosts({ now: T0, limit: 10, owner: 'A', leaseMs: 1000 })).fresh).toEqual([]);
      const approved = await store.updateUnclaimed('needs-ok', { awaitingApproval: false }, T0);
      expect(approved?.awaitingApproval ?? false).toBe(false);
      expect((await store.claimPosts({ now: T0, limit: 10, owner: 'A', leaseMs: 1000 })).fresh.map((p) => p.id)).toEqual(['needs-ok']);
    });

    it('fences updates by claim owner and hands expired claims to the next claimer', async () => {
      await store.enqueuePost(post('p'));
      await store.claimPosts({ now: T0, limit: 1, owner: 'A', leaseMs: 1000 });
      expect(await store.updateClaimed('p', 'B', { status: 'sent' }, T0)).toBe(false);
      expect(await store.updateClaimed('p', 'A', { status: 'attempting', attempts: 1 }, T0)).toBe(true);
      // A dies; after the lease B recovers the post still marked attempting.
      const early = await store.claimPosts({ now: T0 + 500, limit: 10, owner: 'B', leaseMs: 1000 });
      expect(early.recovered).toEqual([]);
      const late = await store.claimPosts({ now: T0 + 1001, limit: 10, owner: 'B', leaseMs: 1000 });
      expect(late.recovered.map((p) => [p.id, p.status, p.claimOwner])).toEqual([['p', 'attempting', 'B']]);
      expect(await store.updateClaimed('p', 'A', { status: 'sent' }, T0)).toBe(false);
      expect(await store.updateClaimed('p', 'B', { status: 'sent', sentParts: [{ id: 'x1', url: 'u' }] }, T0 + 1002)).toBe(true);
      const done = await store.getPost('p');
      expect(done?.status).toBe('sent');
      expect(done?.sentParts).toEqual([{ id: 'x1', url: 'u' }]);
      expect(done?.claimOwner).toBeUndefined();
      expect((await store.claimPosts({ now: T0 + 5000, limit: 10, owner: 'C', leaseMs: 1000 })).recovered).toEqual([]);
    });

    it('returns a released post to the queue at its new due time', async () => {
      await store.enqueuePost(post('r'));
      await store.claimPosts({ now: T0, limit: 1, owner: 'A', leaseMs: 1000 });
      expect(await store.updateClaimed('r', 'A', { status: 'pending', dueAt: T0 + 10_000, lastError: 'rate limited' }, T0)).toBe(true);
      expect((await store.claimPosts({ now: T0 + 9_999, limit: 10, owner: 'A', leaseMs: 1000 })).fresh).toEqual([]);
      const later = await store.claimPosts({ now: T0 + 10_000, limit: 10, owner: 'A', leaseMs: 1000 });
      expect(later.fresh.map((p) => [p.id, p.lastError])).toEqual([['r', 'rate limited']]);
    });

    it('refuses staff updates to claimed posts and cancels a group', async () => {
      await store.enqueuePost(post('g1', { group: 'emergency:1' }));
      await store.enqueuePost(post('g2', { group: 'emergency:1', dueAt: T0 + 99_000 }));
      await store.enqueuePost(post('other', { group: 'emergency:2' }));
      await store.claimPosts({ now: T0, limit: 1, owner: 'A', leaseMs: 1000 });
      expect(await store.updateUnclaimed('g1', { status: 'cancelled' }, T0)).toBeUndefined();
      expect(await store.cancelGroup('emergency:1', T0)).toBe(1);
      expect((await store.getPost('g2'))?.status).toBe('cancelled');
      expect((await store.getPost('other'))?.status).toBe('pending');
      const counts = await store.countPosts();
      expect(counts.cancelled).toBe(1);
      expect(counts.claimed).toBe(1);
      expect(counts.pending).toBe(1);
      expect((await store.listPosts({ status: 'cancelled' })).map((p) => p.id)).toEqual(['g2']);
      expect((await store.listPosts({ group: 'emergency:1' })).map((p) => p.id).sort()).toEqual(['g1', 'g2']);
    });

    it('prunes final posts older than the retention, and nothing else', async () => {
      await store.enqueuePost(post('old-sent', { priority: 'urgent' }));
      await store.enqueuePost(post('old-pending', { group: 'g' }));
      await store.enqueuePost(post('new-cancelled', { group: 'g' }));
      await store.claimPosts({ now: T0, limit: 1, owner: 'A', leaseMs: 1000 });
      await store.updateClaimed('old-sent', 'A', { status: 'sent' }, T0);
      await store.updateUnclaimed('new-cancelled', { status: 'cancelled' }, T0 + 10_000);
      expect(await store.pruneFinalPosts(T0 + 5_000, 100)).toBe(1);
      expect(await store.getPost('old-sent')).toBeUndefined();
      expect((await store.getPost('old-pending'))?.status).toBe('pending');
      expect((await store.getPost('new-cancelled'))?.status).toBe('cancelled');
      expect((await store.countPosts()).sent).toBe(0);
    });

    it('lists history last-changed first, broadcasts apart from replies, and the queue earliest due first', async () => {
      // Sent in an order unlike their due times or ids: the history order is the sending order.
      const sendOrder = [3, 0, 5, 1, 4, 2, 7, 6];
      for (let i = 0; i < 8; i++) {
        await store.enqueuePost(post(`h${i}`, { dueAt: T0 - i * 1000, ...(i % 2 === 1 ? { replyTo: { messageId: `m${i}` } } : {}) }));
      }
      await store.enqueuePost(post('later', { dueAt: T0 + 50_000 }));
      await store.enqueuePost(post('sooner', { dueAt: T0 + 10_000 }));
      const claimed = await store.claimPosts({ now: T0, limit: 20, owner: 'A', leaseMs: 60_000 });
      expect(claimed.fresh).toHaveLength(8);
      for (const [n, i] of sendOrder.entries()) await store.updateClaimed(`h${i}`, 'A', { status: 'sent' }, T0 + 1000 + n * 1000);
      expect((await store.listPosts({ status: 'sent', order: 'recent', limit: 3 })).map((p) => p.id)).toEqual(['h6', 'h7', 'h2']);
      expect((await store.listPosts({ status: 'sent', order: 'recent', broadcastsOnly: true })).map((p) => p.id)).toEqual(['h6', 'h2', 'h4', 'h0']);
      expect((await store.listPosts({ status: 'pending' })).map((p) => p.id)).toEqual(['sooner', 'later']);
      // Pruned posts leave every index.
      expect(await store.pruneFinalPosts(T0 + 3_500, 100)).toBe(3);
      expect((await store.listPosts({ status: 'sent', order: 'recent', broadcastsOnly: true })).map((p) => p.id)).toEqual(['h6', 'h2', 'h4']);
      expect((await store.countPosts()).sent).toBe(5);
    });

    it('stores documents and writes-if-absent', async () => {
      await store.putDoc('emergencies', 'e1', { status: 'active', n: 1 });
      expect(await store.getDoc('emergencies', 'e1')).toEqual({ status: 'active', n: 1 });
      expect(await store.putDocIfAbsent('emergencies', 'e1', { status: 'x' })).toBe(false);
      expect(await store.putDocIfAbsent('emergencies', 'e2', { status: 'y' })).toBe(true);
      expect((await store.listDocs<{ status: string }>('emergencies')).map((d) => d.status).sort()).toEqual(['active', 'y']);
      await store.deleteDoc('emergencies', 'e1');
      expect(await store.getDoc('emergencies', 'e1')).toBeUndefined();
    });

    it('grants a lease to one owner at a time and lets it be renewed or released', async () => {
      expect(await store.acquireLease('feeds', 'A', 60_000, T0)).toBe(true);
      expect(await store.acquireLease('feeds', 'B', 60_000, T0)).toBe(false);
      expect(await store.acquireLease('feeds', 'A', 60_000, T0)).toBe(true);
      await store.releaseLease('feeds', 'B');
      expect(await store.acquireLease('feeds', 'B', 60_000, T0)).toBe(false);
      await store.releaseLease('feeds', 'A');
      expect(await store.acquireLease('feeds', 'B', 60_000, T0)).toBe(true);
    });

    it('counts fixed-window slots', async () => {
      const now = 1_700_000_040_000; // a minute boundary
      const results = [];
      for (let i = 0; i < 4; i++) results.push(await store.takeSlot('rate:x', 3, 60_000, now));
      expect(results.map((r) => r.taken)).toEqual([true, true, true, false]);
      expect(results[3]?.resetAt).toBe(now + 60_000);
      expect((await store.takeSlot('rate:x', 3, 60_000, now + 60_000)).taken).toBe(true);
    });

    it('remembers seen ids', async () => {
      expect(await store.hasSeen('inbound', 'm1', T0)).toBe(false);
      expect(await store.markSeen('inbound', 'm1', 60_000, T0)).toBe(true);
      expect(await store.hasSeen('inbound', 'm1', T0)).toBe(true);
      expect(await store.markSeen('inbound', 'm1', 60_000, T0)).toBe(false);
      expect(await store.markSeen('inbound', 'm2', 60_000, T0)).toBe(true);
    });

    it('keeps counters and an ordered audit tail', async () => {
      await store.incrementCounter('replies.answered', 1);
      await store.incrementCounter('replies.answered', 2);
      await store.incrementCounter('other', 1);
      expect(await store.getCounters('replies.')).toEqual({ 'replies.answered': 3 });
      for (let i = 0; i < 5; i++) await store.appendAudit({ at: T0 + i, actor: 'cli', action: `a${i}` });
      expect((await store.tailAudit(2)).map((e) => e.action)).toEqual(['a3', 'a4']);
    });

    it('lists posts last changed within a time range', async () => {
      for (const [i, id] of ['t0', 't1', 't2'].entries()) {
        await store.enqueuePost(post(id));
        await store.updateUnclaimed(id, { status: 'cancelled' }, T0 + i * 1000);
      }
      const between = await store.listPosts({ status: 'cancelled', order: 'recent', since: T0 + 1000, until: T0 + 2000 });
      expect(between.map((p) => p.id)).toEqual(['t1']);
      expect((await store.listPosts({ status: 'cancelled', order: 'recent', since: T0 + 1000 })).map((p) => p.id)).toEqual(['t2', 't1']);
    });

    it('keeps everything when reopened', async () => {
      if (fixture.reopen === undefined) return;
      await store.enqueuePost(post('durable', { parts: ['one', 'two'] }));
      await store.claimPosts({ now: T0, limit: 1, owner: 'A', leaseMs: 60_000 });
      await store.updateClaimed('durable', 'A', { status: 'attempting', sentParts: [{ id: 'p1' }] }, T0);
      await store.putDoc('schedules', 's1', { cron: '0 7 * * *' });
      await store.appendAudit({ at: T0, actor: 'cli', action: 'pause' });
      const again = await fixture.reopen();
      const durable = await again.getPost('durable');
      expect(durable?.status).toBe('attempting');
      expect(durable?.sentParts).toEqual([{ id: 'p1' }]);
      expect(await again.getDoc('schedules', 's1')).toEqual({ cron: '0 7 * * *' });
      expect((await again.tailAudit(1)).map((e) => e.action)).toEqual(['pause']);
      expect((await again.queryAudit({ actor: 'cli' })).map((e) => [e.action, e.stream])).toEqual([['pause', 'staff']]);
      expect(await again.markSeen('x', 'y', 1000, T0)).toBe(true);
    });
  });

  auditContract(name, make);
}
