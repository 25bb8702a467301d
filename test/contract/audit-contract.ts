import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_AUDIT_RETENTION, type AuditEntry } from '../../src/domain/audit.js';
import type { Store } from '../../src/store/store.js';
import type { MakeFixture, StoreFixture } from './store-contract.js';

const T0 = 1_700_000_000_000;
const DAY = 86_400_000;

/** The audit log every Store adapter must keep: streams, field and time queries, paging, retention. */
export function auditContract(name: string, make: MakeFixture): void {
  describe(`Audit contract: ${name}`, () => {
    let fixture: StoreFixture | undefined;
    const open = async (options?: Parameters<MakeFixture>[0]): Promise<Store> => {
      fixture = await make(options);
      return fixture.store;
    };
    afterEach(async () => {
      await fixture?.cleanup();
      fixture = undefined;
    });

    it('files entries in streams by action and actor, unless the entry names one', async () => {
      const store = await open();
      await store.appendAudit({ at: T0, actor: 'user:maria', action: 'emergency.declare', target: 'snow-1' });
      await store.appendAudit({ at: T0 + 1, actor: 'console', action: 'console.login.failed', target: 'maria' });
      await store.appendAudit({ at: T0 + 2, actor: 'dispatcher:a', action: 'post.sent', target: 'p1', where: 'x' });
      await store.appendAudit({ at: T0 + 3, actor: 'feed:nws', action: 'emergency.propose', target: 'flood-1' });
      await store.appendAudit({ at: T0 + 4, actor: 'user:ops', action: 'token.rotate', stream: 'staff' });
      const streams = (await store.queryAudit({ order: 'oldest' })).map((e) => [e.action, e.stream]);
      expect(streams).toEqual([
        ['emergency.declare', 'staff'],
        ['console.login.failed', 'security'],
        ['post.sent', 'delivery'],
        ['emergency.propose', 'system'],
        ['token.rotate', 'staff'],
      ]);
      // The tail gives entries back as they were appended.
      expect((await store.tailAudit(1))[0]).toEqual({ at: T0 + 4, actor: 'user:ops', action: 'token.rotate', stream: 'staff' });
      expect((await store.tailAudit(2))[0]).toEqual({ at: T0 + 3, actor: 'feed:nws', action: 'emergency.propose', target: 'flood-1' });
    });

    it('never lets a flood in one stream push another stream out', async () => {
      const store = await open({ auditRetention: { ...DEFAULT_AUDIT_RETENTION, security: { maxAgeMs: 90 * DAY, maxEntries: 10 } } });
      for (let i = 0; i < 5; i++) await store.appendAudit({ at: T0 + i, actor: 'user:maria', action: 'post.create', target: `post:${i}` });
      for (let i = 0; i < 60; i++) await store.appendAudit({ at: T0 + 100 + i, actor: 'console', action: 'console.login.failed', target: 'admin', detail: { ip: '203.0.113.9' } });
      const staff = await store.queryAudit({ stream: 'staff', limit: 100 });
      expect(staff.map((e) => e.target)).toEqual(['post:4', 'post:3', 'post:2', 'post:1', 'post:0']);
      const security = await store.queryAudit({ stream: 'security', limit: 100 });
      expect(security).toHaveLength(10);
      expect(security.map((e) => e.at)).toEqual(Array.from({ length: 10 }, (_, i) => T0 + 159 - i));
      // The dropped entries are gone from every way of reading them.
      expect(await store.queryAudit({ target: 'admin', limit: 1000 })).toHaveLength(10);
      expect(await store.queryAudit({ actor: 'console', limit: 1000 })).toHaveLength(10);
    });

    it('answers who, what, on what, and when', async () => {
      const store = await open();
      const entries: AuditEntry[] = [
        { at: T0, actor: 'user:maria', action: 'emergency.declare', target: 'snow-1' },
        { at: T0 + 1000, actor: 'user:ann', action: 'emergency.lift', target: 'snow-1' },
        { at: T0 + 2000, actor: 'user:maria', action: 'emergencyx', target: 'snow-2' },
        { at: T0 + 3000, actor: 'user:maria', action: 'emergency', target: 'snow-2' },
        { at: T0 + 4000, actor: 'user:maria', action: 'post.create', target: 'snow-1' },
        { at: T0 + 5000, actor: 'dispatcher:a', action: 'post.sent', target: 'snow-1' },
      ];
      for (const entry of entries) await store.appendAudit(entry);
      const actions = async (query: Parameters<Store['queryAudit']>[0]) => (await store.queryAudit(query)).map((e) => e.action);
      expect(await actions({ actor: 'user:maria' })).toEqual(['post.create', 'emergency', 'emergencyx', 'emergency.declare']);
      expect(await actions({ action: 'emergency' })).toEqual(['emergency', 'emergency.lift', 'emergency.declare']);
      expect(await actions({ action: 'emergency.lift' })).toEqual(['emergency.lift']);
      expect(await actions({ target: 'snow-1' })).toEqual(['post.sent', 'post.create', 'emergency.lift', 'emergency.declare']);
      expect(await actions({ target: 'snow-1', stream: 'staff' })).toEqual(['post.create', 'emergency.lift', 'emergency.declare']);
      expect(await actions({ target: 'snow-1', stream: ['delivery', 'security'] })).toEqual(['post.sent']);
      expect(await actions({ actor: 'user:maria', action: 'emergency', target: 'snow-2' })).toEqual(['emergency']);
      // since is inclusive, until exclusive.
      expect(await actions({ since: T0 + 1000, until: T0 + 3000 })).toEqual(['emergencyx', 'emergency.lift']);
      expect(await actions({ since: T0 + 1000, until: T0 + 3000, order: 'oldest' })).toEqual(['emergency.lift', 'emergencyx']);
      expect(await actions({ limit: 2 })).toEqual(['post.sent', 'post.create']);
      expect(await actions({ actor: 'user:nobody' })).toEqual([]);
    });

    it('pages through entries of the same millisecond without losing or repeating one', async () => {
      const store = await open();
      for (let i = 0; i < 7; i++) await store.appendAudit({ at: T0 + (i < 5 ? 0 : i), actor: 'user:maria', action: `a${i}` });
      for (const order of ['newest', 'oldest'] as const) {
        const seen: string[] = [];
        let after: string | undefined;
        for (let page = 0; page < 10; page++) {
          const batch = await store.queryAudit({ actor: 'user:maria', limit: 2, order, ...(after === undefined ? {} : { after }) });
          if (batch.length === 0) break;
          seen.push(...batch.map((e) => e.action));
          after = batch[batch.length - 1]?.id;
        }
        const expected = ['a0', 'a1', 'a2', 'a3', 'a4', 'a5', 'a6'];
        expect(seen).toEqual(order === 'oldest' ? expected : [...expected].reverse());
      }
    });

    it('prunes each stream by its own age', async () => {
      const store = await open({ auditRetention: { ...DEFAULT_AUDIT_RETENTION, delivery: { maxAgeMs: DAY, maxEntries: 1000 }, staff: { maxAgeMs: 10 * DAY, maxEntries: 1000 } } });
      await store.appendAudit({ at: T0, actor: 'dispatcher:a', action: 'post.sent', target: 'old' });
      await store.appendAudit({ at: T0, actor: 'user:maria', action: 'outbox.pause' });
      await store.appendAudit({ at: T0 + 2 * DAY, actor: 'dispatcher:a', action: 'post.sent', target: 'new' });
      expect(await store.pruneAudit(T0 + 2 * DAY + 1, 100)).toBe(1);
      expect((await store.queryAudit({ stream: 'delivery' })).map((e) => e.target)).toEqual(['new']);
      expect((await store.queryAudit({ stream: 'staff' })).map((e) => e.action)).toEqual(['outbox.pause']);
      expect(await store.pruneAudit(T0 + 2 * DAY + 1, 100)).toBe(0);
    });
  });
}
