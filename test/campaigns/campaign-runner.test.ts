import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CampaignRunner } from '../../src/campaigns/campaign-runner.js';
import { readFileRecords } from '../../src/channels/file/file-channel.js';
import type { Emergency } from '../../src/domain/emergency.js';
import type { Post } from '../../src/domain/post.js';
import { createLogger } from '../../src/logging/logger.js';
import { startService, type RunningService } from '../../src/main.js';
import { shippedLanguageContent } from '../support/language-content.js';
import { ManualClock } from '../support/scripted-channel.js';
import { makeTestConfig, testEnv } from '../support/test-config.js';

const logger = createLogger({ level: 'silent' });
const T0 = Date.UTC(2026, 0, 19, 22, 0);
/** (channel, locale) pairs every campaign post goes to: `audit` carries en+es, `audit-en` only en (each a subset of the ten served). */
const COMBOS = [
  ['audit', 'en'],
  ['audit', 'es'],
  ['audit-en', 'en'],
] as const;

/**
 * The whole service in-process (memory store, dispatcher, scheduler) with two file channels and a
 * hand-moved clock, so the campaign steps due later stay pending until the test says otherwise.
 */
describe('campaign runner in the running service', () => {
  let svc: RunningService;
  let clock: ManualClock;
  let files: { audit: string; auditEn: string };
  /** A second runner over the same services: what a restarted instance replaying an event would do. */
  let replay: CampaignRunner;

  beforeAll(async () => {
    const { dir, configDir } = makeTestConfig();
    files = { audit: path.join(dir, 'audit.jsonl'), auditEn: path.join(dir, 'audit-en.jsonl') };
    fs.writeFileSync(
      path.join(configDir, 'channels.yaml'),
      `channels:
  audit:
    kind: file
    path: ${files.audit}
    replies: false
    locales: [en, es]
  audit-en:
    kind: file
    path: ${files.auditEn}
    replies: false
    locales: [en]
channelGroups: {}
`,
    );
    clock = new ManualClock(T0);
    svc = await startService({ env: testEnv(configDir), logger, clock, runtimeDir: path.join(dir, 'run') });
    const { config } = svc.services;
    const content = shippedLanguageContent({ configDir, config }).campaigns;
    replay = new CampaignRunner({ services: svc.services, planner: content.planner(svc.services.channels, svc.services.resolveChannels, () => clock.now()), logger });
  });
  afterAll(async () => {
    await svc?.close();
  });

  const pause = (paused: boolean) => svc.services.pause.set(paused, 'test', clock.now());
  const postsOf = (id: string, group = `emergency:${id}`) => svc.services.store.listPosts({ group, limit: 10_000 });
  const allPostsOf = async (id: string) => (await svc.services.store.listPosts({ limit: 10_000 })).filter((p) => p.source === `campaign:${id}`);
  const ids = (posts: Post[]) => posts.map((p) => p.id).sort();
  const firstPostId = (e: Emergency, locale: string, channel: string) => `camp:${e.id}:declare:0:00-status:${locale}:${channel}`;
  const campaignAudit = async (e: Emergency) => (await svc.services.store.tailAudit(10_000)).filter((a) => a.target === e.id && a.action.startsWith('campaign.'));
  const records = () => [...readFileRecords(files.audit), ...readFileRecords(files.auditEn)];

  /** Waits for a condition the dispatcher brings about; fails with the last value if it never does. */
  async function until<T>(what: string, read: () => Promise<T>, ok: (value: T) => boolean): Promise<T> {
    let value = await read();
    for (let i = 0; i < 400 && !ok(value); i++) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      value = await read();
    }
    if (!ok(value)) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value).slice(0, 500)}`);
    return value;
  }

  it('a rejected proposal queues nothing, and neither does lifting a proposal', async () => {
    await pause(true);
    const proposed = await svc.services.emergencies.declare({ type: 'flood', actor: 'feed:nws', requiresApproval: true });
    expect(proposed.status).toBe('proposed');
    const rejected = await svc.services.emergencies.reject(proposed.id, 'user:maria', 'not here');
    expect(rejected.status).toBe('rejected');
    const other = await svc.services.emergencies.declare({ type: 'flood', actor: 'feed:nws', requiresApproval: true });
    expect((await svc.services.emergencies.lift(other.id, 'user:maria')).status).toBe('rejected');
    for (const e of [proposed, other]) {
      expect(await allPostsOf(e.id)).toEqual([]);
      expect(await campaignAudit(e)).toEqual([]);
    }
  });

  it('an approved proposal queues its declare phase', async () => {
    await pause(true);
    const proposed = await svc.services.emergencies.declare({ type: 'heat', actor: 'feed:nws', requiresApproval: true });
    expect(await allPostsOf(proposed.id)).toEqual([]);
    await svc.services.emergencies.approve(proposed.id, 'user:maria');
    const heatSteps = ['status', 'safety'];
    expect(ids(await allPostsOf(proposed.id))).toEqual(COMBOS.flatMap(([channel, locale]) => heatSteps.map((topic, i) => `camp:${proposed.id}:declare:0:0${i}-${topic}:${locale}:${channel}`)).sort());
    await svc.services.emergencies.lift(proposed.id, 'user:maria');
  });

  describe('snow: declare → update → lift with the dispatcher running', () => {
    let snow: Emergency;
    let declareIds: string[];

    it('declare queues every declare step once per channel × locale', async () => {
      await pause(true);
      snow = await svc.services.emergencies.declare({ type: 'snow', actor: 'user:maria' });
      const posts = await postsOf(snow.id);
      const steps = ['status', 'move-car', 'towed', 'garages', 'trash', 'street-cleaning', 'sidewalks', 'savesies'];
      declareIds = COMBOS.flatMap(([channel, locale]) => steps.map((topic, i) => `camp:${snow.id}:declare:0:0${i}-${topic}:${locale}:${channel}`)).sort();
      expect(ids(posts)).toEqual(declareIds);
      expect(posts.every((p) => p.status === 'pending' && p.threadUnder === undefined && p.priority === 'emergency')).toBe(true);
      const audit = await campaignAudit(snow);
      expect(audit.map((a) => [a.action, a.detail])).toEqual([['campaign.declare', { planned: 24, created: 24 }]]);
    });

    it('declaring again, replaying the activation, or applying the same signal twice does not double the declare posts', async () => {
      const again = await svc.services.emergencies.declare({ type: 'snow', actor: 'user:ops' });
      expect(again.id).toBe(snow.id); // one open emergency per type: a second declaration is an update
      await replay.onActivated(snow); // e.g. a retried activation after a crash
      // (It also re-armed the snow reminder jobs under the same ids; closing drops them. Harmless here.)
      const signal = { id: 'nws:alert-1', feedId: 'nws', action: 'declare' as const, type: 'snow', title: 'Winter Storm Warning', effectiveAt: T0, eventKeys: ['vtec-1'], params: {}, requiresApproval: false, drill: false, publishedAt: T0 };
      expect(await svc.services.emergencies.applySignal(signal)).toBeDefined();
      expect(await svc.services.emergencies.applySignal(signal)).toBeUndefined();
      replay.close();

      const posts = await postsOf(snow.id);
      expect(ids(posts.filter((p) => p.id.includes(':declare:')))).toEqual(declareIds);
      // Each accepted change is one update revision, not a copy of the declare phase.
      const revisions = new Set(posts.filter((p) => p.id.includes(':update:')).map((p) => /:update:(r\d+):/.exec(p.id)?.[1]));
      expect(revisions).toEqual(new Set(['r1', 'r2']));
      const replayAudit = (await campaignAudit(snow)).filter((a) => a.action === 'campaign.declare');
      expect(replayAudit.map((a) => a.detail)).toEqual([
        { planned: 24, created: 24 },
        { planned: 24, created: 0 },
      ]);
    });

    it('update posts are keyed by revision and threaded under the campaign first post', async () => {
      const updated = await svc.services.emergencies.update(snow.id, { params: { trashDelayDays: 3 }, actor: 'user:maria' });
      const rev = `r${updated.revision}`;
      const updates = (await postsOf(snow.id)).filter((p) => p.id.includes(`:update:${rev}:`));
      expect(ids(updates)).toEqual(COMBOS.map(([channel, locale]) => `camp:${snow.id}:update:${rev}:00-update:${locale}:${channel}`).sort());
      for (const post of updates) {
        expect(post.threadUnder).toBe(firstPostId(snow, post.locale ?? '', post.channel));
        expect(await svc.services.outbox.get(post.threadUnder ?? '')).toBeDefined();
        expect(post.parts.join(' ')).toContain(post.locale === 'es' ? '3 días' : '3 days');
      }
    });

    it('lift cancels every pending post of the emergency, none of them goes out, and the all-clear is threaded under the first post', async () => {
      // Let the steps due now go out; those 2-10 minutes later stay pending on the frozen clock.
      await pause(false);
      const dueNow = (await postsOf(snow.id)).filter((p) => p.dueAt <= clock.now());
      const laterIds = ids((await postsOf(snow.id)).filter((p) => p.dueAt > clock.now()));
      expect(laterIds.length).toBe(6 * COMBOS.length);
      await until('the due campaign posts to be sent', () => Promise.all(dueNow.map((p) => svc.services.outbox.get(p.id))), (list) => list.every((p) => p?.status === 'sent'));

      const lifted = await svc.services.emergencies.lift(snow.id, 'user:maria', 'roads clear');
      expect(lifted.status).toBe('lifted');
      const after = await postsOf(snow.id);
      expect(ids(after.filter((p) => p.status === 'cancelled'))).toEqual(laterIds);
      expect(after.filter((p) => p.status === 'pending' || p.status === 'claimed')).toEqual([]);

      const allClear = await until('the all-clear to be sent', () => postsOf(snow.id, `emergency:${snow.id}:all-clear`), (list) => list.length === COMBOS.length && list.every((p) => p.status === 'sent'));
      expect(ids(allClear)).toEqual(COMBOS.map(([channel, locale]) => `camp:${snow.id}:lift:0:00-all-clear:${locale}:${channel}`).sort());

      // Time passes far beyond every step's offset; a sentinel post proves the dispatcher ran since.
      clock.advance(3 * 3_600_000);
      const sentinels = svc.services.composePosts({ text: 'sentinel', channels: ['audit'], actor: 'user:test', idPrefix: `sentinel:${snow.id}` });
      expect(await svc.services.outbox.enqueueAll(sentinels)).toBe(1);
      await until('the sentinel to be sent', () => svc.services.outbox.get(`sentinel:${snow.id}:audit`), (p) => p?.status === 'sent');

      const out = records();
      const keys = out.map((r) => r.key);
      expect(keys.filter((k) => laterIds.includes(k))).toEqual([]);
      expect(keys.filter((k) => k.startsWith(`camp:${snow.id}:lift:`)).sort()).toEqual(ids(allClear));
      expect(new Set(keys).size).toBe(keys.length); // nothing went out twice
      expect(ids((await postsOf(snow.id)).filter((p) => p.status === 'cancelled'))).toEqual(laterIds);

      // Each all-clear is a reply to the campaign's first post on that channel and locale.
      for (const post of allClear) {
        const first = await svc.services.outbox.get(firstPostId(snow, post.locale ?? '', post.channel));
        expect(post.threadUnder).toBe(first?.id);
        expect(first?.status).toBe('sent');
        const record = out.find((r) => r.key === post.id);
        expect(record?.inReplyTo).toBeDefined();
        expect(record?.inReplyTo).toBe(first?.sentParts[0]?.id);
      }
    });

    it('the all-clear is queued exactly once even if the lift is retried', async () => {
      await expect(svc.services.emergencies.lift(snow.id, 'user:maria')).rejects.toMatchObject({ code: 'CONFLICT' });
      const end = { id: 'nws:alert-1-end', feedId: 'nws', action: 'end' as const, type: 'snow', title: 'Lifted', effectiveAt: T0, eventKeys: ['vtec-1'], params: {}, requiresApproval: false, drill: false, publishedAt: T0 };
      expect(await svc.services.emergencies.applySignal(end)).toBeUndefined();
      await replay.onEnded(await svc.services.emergencies.get(snow.id)); // a replayed lift after a crash

      const allClear = await postsOf(snow.id, `emergency:${snow.id}:all-clear`);
      expect(allClear).toHaveLength(COMBOS.length);
      expect(allClear.every((p) => p.status === 'sent')).toBe(true);
      const lifts = (await campaignAudit(snow)).filter((a) => a.action === 'campaign.lift');
      expect(lifts.map((a) => a.detail)).toEqual([
        { planned: 3, created: 3 },
        { planned: 3, created: 0 },
      ]);
    });
  });

  it('a retried lift does not cancel an all-clear that is still waiting to go out', async () => {
    await pause(true);
    const storm = await svc.services.emergencies.declare({ type: 'hurricane', actor: 'user:maria' });
    await svc.services.emergencies.lift(storm.id, 'user:maria');
    const group = `emergency:${storm.id}:all-clear`;
    const before = await postsOf(storm.id, group);
    expect(before).toHaveLength(COMBOS.length);
    expect(before.every((p) => p.status === 'pending' && p.threadUnder === firstPostId(storm, p.locale ?? '', p.channel))).toBe(true);
    // Every declare post was still pending (paused), so all are cancelled.
    const campaign = await postsOf(storm.id);
    expect(campaign.length).toBeGreaterThan(0);
    expect(campaign.every((p) => p.status === 'cancelled')).toBe(true);

    await replay.onEnded(await svc.services.emergencies.get(storm.id));
    const after = await postsOf(storm.id, group);
    expect(ids(after)).toEqual(ids(before));
    expect(after.every((p) => p.status === 'pending')).toBe(true);

    // Released, it goes out exactly once per channel × locale, standalone since its parent never went out.
    await pause(false);
    await until('the hurricane all-clear to be sent', () => postsOf(storm.id, group), (list) => list.every((p) => p.status === 'sent'));
    const out = records().filter((r) => r.key.startsWith(`camp:${storm.id}:`));
    expect(out.map((r) => r.key).sort()).toEqual(ids(after));
    expect(out.every((r) => r.inReplyTo === undefined)).toBe(true);
  });

  it('a late activation (a replay, or another instance) after the lift queues nothing that stays pending', async () => {
    await pause(true);
    const cold = await svc.services.emergencies.declare({ type: 'cold', actor: 'user:maria' });
    const activeView = await svc.services.emergencies.get(cold.id);
    await svc.services.emergencies.lift(cold.id, 'user:maria');
    const cancelled = await postsOf(cold.id);
    // The activation is replayed with the emergency as it was read before the lift.
    await replay.onActivated(activeView);
    await replay.onUpdated({ ...activeView, revision: 1 });
    const campaign = await postsOf(cold.id);
    expect(campaign.length).toBeGreaterThan(cancelled.length);
    expect(campaign.filter((p) => p.status === 'pending')).toEqual([]);
    expect((await postsOf(cold.id, `emergency:${cold.id}:all-clear`)).every((p) => p.status === 'pending')).toBe(true);
    replay.close();
  });
});
