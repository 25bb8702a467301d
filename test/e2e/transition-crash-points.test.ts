import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Emergency } from '../../src/domain/emergency.js';
import type { Post } from '../../src/domain/post.js';
import { createLogger } from '../../src/logging/logger.js';
import { startService, type RunningService } from '../../src/main.js';
import { RedisStore } from '../../src/store/redis/redis-store.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import type { Store } from '../../src/store/store.js';
import { waitFor } from '../support/child-process.js';
import { crashAfterWrites } from '../support/crash-after-writes.js';
import { redisAvailable, useRedisServer } from '../support/redis-server.js';
import { makeTestConfig, testEnv } from '../support/test-config.js';

const logger = createLogger({ level: 'silent' });
const TOKEN = 'crash-points-token-1234';

type Act = (svc: RunningService) => Promise<void>;
/** Config files to add, and what to do before the first service starts (each run on Redis). */
interface Scenario {
  config?: Record<string, string>;
  beforeStart?: () => void;
}
/** Sees the service restarted from one cut (`cut` = writes that survived). */
type Inspect = (svc: RunningService, cut: number) => Promise<void>;

/** Two languages: every cut of the writes is a restart, and ten languages are five times the writes. */
const TWO_LANGUAGES = { 'zz-languages.yaml': 'channels:\n  console: { locales: [en, es] }\n  audit: { locales: [en, es] }\n' };

/** Marks where the writes under test begin. */
async function begin(svc: RunningService): Promise<void> {
  await svc.services.store.putDoc('test-marker', 'crash-points-begin', { at: Date.now() });
}

/** Whatever the cut, the restart finished or dropped every promise of campaign and schedule work. */
async function expectNoPromiseLeft(svc: RunningService, cut: number): Promise<void> {
  expect(await svc.services.store.listDocs('campaign-work'), `cut after write ${cut}: campaign promise left behind`).toEqual([]);
  expect(await svc.services.store.listDocs('schedule-work'), `cut after write ${cut}: schedule promise left behind`).toEqual([]);
}

/** Starts a service on what a crash left behind and lets `inspect` look; then checks no promise was left. */
async function restartAndInspect(env: ReturnType<typeof testEnv>, runtimeDir: string, inspect: Inspect, cut: number): Promise<void> {
  const restarted = await startService({ env, logger, runtimeDir });
  try {
    await inspect(restarted, cut);
    await expectNoPromiseLeft(restarted, cut);
  } finally {
    await restarted.close();
  }
}

/** Store methods that change state: each is one SQLite transaction, so a crash falls between two of them. */
const WRITES = new Set(['enqueuePost', 'claimPosts', 'updateClaimed', 'updateUnclaimed', 'cancelGroup', 'pruneFinalPosts', 'putDoc', 'putDocIfAbsent', 'deleteDoc', 'takeSlot', 'takeSlots', 'releaseSlots', 'markSeen', 'incrementCounter', 'appendAudit', 'pruneAudit']);

type Call = { method: string; args: unknown[] };

/** A store that records every write it completes, in order, with its arguments as they were. */
function recording(inner: Store, calls: Call[]): Store {
  return new Proxy(inner, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof property !== 'string' || !WRITES.has(property) || typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        const copy = structuredClone(args);
        const result = (await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args)) as unknown;
        calls.push({ method: property, args: copy });
        return result;
      };
    },
  });
}

/**
 * The embedded store commits one transaction per store call, so what a SIGKILL leaves behind is
 * the state after some prefix of the calls. The first run records its writes; then, for every cut
 * after the writes `act` made, a fresh database gets the writes up to the cut and the service
 * restarts on it. `act` runs on a paused service (so posts stay in the outbox to be counted), and
 * `inspect` sees what the restarted service holds.
 */
async function embeddedEveryCut(scenario: Scenario, setUp: Act, act: Act, inspect: Inspect): Promise<number> {
  const { dir, configDir } = makeTestConfig({ ...TWO_LANGUAGES, ...scenario.config });
  scenario.beforeStart?.();
  const run = (state: string) => testEnv(configDir, { STATE_DIR: state, ADMIN_TOKEN: TOKEN });
  const calls: Call[] = [];
  const first = await startService({ env: run(path.join(dir, 'state')), logger, runtimeDir: path.join(dir, 'run'), wrapStore: (store) => recording(store, calls) });
  await first.services.pause.set(true, 'user:ops', Date.now());
  await setUp(first);
  await begin(first);
  await act(first);
  await first.close();
  const marker = calls.findIndex((c) => c.method === 'putDoc' && c.args[1] === 'crash-points-begin');
  expect(marker).toBeGreaterThan(0);
  const base = calls.slice(0, marker + 1);
  const writes = calls.slice(marker + 1);
  for (let cut = 0; cut <= writes.length; cut++) {
    const crashed = path.join(dir, `crash-${cut}`);
    // The replayed file is a test fixture: no fsync per write (the restart below opens it as usual).
    const replay = new SqliteStore({ file: path.join(crashed, 'civicast.db'), synchronous: 'OFF' });
    for (const call of [...base, ...writes.slice(0, cut)]) await (replay[call.method as keyof Store] as (...a: unknown[]) => Promise<unknown>).apply(replay, call.args);
    await replay.close();
    await restartAndInspect(run(crashed), path.join(dir, `run-${cut}`), inspect, cut);
  }
  fs.rmSync(dir, { recursive: true, force: true });
  return writes.length;
}

/**
 * The same on Redis: the first service's store stops taking writes after the n-th write of `act`
 * (as if the process died there), and a fresh service on the same keys restarts from what was
 * written; once for every n. The first run counts the writes.
 */
async function redisEveryCut(redisUrl: string, scenario: Scenario, setUp: Act, act: Act, inspect: Inspect): Promise<number> {
  const { dir, configDir } = makeTestConfig({ ...TWO_LANGUAGES, ...scenario.config });
  const run = (prefix: string) => testEnv(configDir, { REDIS_URL: redisUrl, REDIS_PREFIX: prefix, ADMIN_TOKEN: TOKEN });
  let total = Number.POSITIVE_INFINITY;
  let cutsThatCrashed = 0;
  for (let cut = -1; cut <= total; cut++) {
    const prefix = `cut${Math.random().toString(36).slice(2, 8)}:`;
    const crashing = crashAfterWrites(new RedisStore({ url: redisUrl, prefix }));
    scenario.beforeStart?.();
    const first = await startService({ env: run(prefix), logger, store: crashing.store, runtimeDir: path.join(dir, `run-${cut}`) });
    try {
      await first.services.pause.set(true, 'user:ops', Date.now());
      await setUp(first);
      await begin(first);
      // cut -1: the whole sequence, to count its writes.
      crashing.arm(cut < 0 ? Number.POSITIVE_INFINITY : cut);
      await act(first).catch((error: unknown) => {
        if (!crashing.crashed()) throw error;
      });
      if (cut < 0) total = crashing.writes();
      // Never a crash at or past the whole sequence. Short of it the cut happens, unless this run
      // needed fewer writes (timers on a loaded machine shift a write or two): counted below.
      else if (cut >= total) expect(crashing.crashed(), `cut after write ${cut} of ${total}`).toBe(false);
      else if (crashing.crashed()) cutsThatCrashed += 1;
    } finally {
      await first.close();
    }
    if (cut >= 0) await restartAndInspect(run(prefix), path.join(dir, `rerun-${cut}`), inspect, cut);
  }
  // The cuts really happened: all but the last few writes' (which a shorter run may not reach).
  expect(cutsThatCrashed, `${cutsThatCrashed} of ${total} cuts crashed`).toBeGreaterThanOrEqual(Math.max(1, total - 3));
  fs.rmSync(dir, { recursive: true, force: true });
  return total;
}

const ids = (posts: Post[]): string[] => posts.map((p) => p.id).sort();
const noSetUp: Act = async () => undefined;

async function campaignOf(svc: RunningService, emergencyId: string | undefined): Promise<Post[]> {
  if (emergencyId === undefined) return [];
  return (await svc.services.store.listPosts({})).filter((p) => p.group?.startsWith(`emergency:${emergencyId}`) === true);
}

describe('a crash at any write of an emergency transition', () => {
  it('declare: restarts into no emergency, or the emergency with its whole campaign queued once', async () => {
    let campaign: string[] = [];
    let emergencyId = '';
    const seen = { none: 0, recovered: 0 };
    await embeddedEveryCut(
      {},
      noSetUp,
      async (svc) => {
        const snow = await svc.services.emergencies.declare({ type: 'snow', actor: 'user:chief' });
        emergencyId = snow.id;
        campaign = ids(await svc.services.store.listPosts({ status: 'pending' }));
      },
      async (svc, cut) => {
        const emergency = await svc.services.store.getDoc<Emergency>('emergencies', emergencyId);
        const posts = await campaignOf(svc, emergencyId);
        if (emergency === undefined) {
          expect(posts, `cut after write ${cut}`).toEqual([]);
          seen.none++;
        } else {
          expect(emergency.status).toBe('active');
          expect(ids(posts), `cut after write ${cut}`).toEqual(campaign);
          seen.recovered++;
        }
      },
    );
    expect(campaign.length).toBeGreaterThan(4);
    // The cuts span the moment the emergency is saved: both outcomes occur.
    expect(seen.none).toBeGreaterThan(0);
    expect(seen.recovered).toBeGreaterThan(campaign.length);
  }, 400_000);

  it('lift: restarts into the campaign still running, or cancelled with the whole all-clear queued once', async () => {
    let allClear: string[] = [];
    let emergencyId = '';
    const seen = { running: 0, lifted: 0 };
    await embeddedEveryCut(
      {},
      async (svc) => {
        emergencyId = (await svc.services.emergencies.declare({ type: 'snow', actor: 'user:chief' })).id;
      },
      async (svc) => {
        await svc.services.emergencies.lift(emergencyId, 'user:chief');
        allClear = ids((await svc.services.store.listPosts({ status: 'pending' })).filter((p) => p.group === `emergency:${emergencyId}:all-clear`));
      },
      async (svc, cut) => {
        const emergency = await svc.services.store.getDoc<Emergency>('emergencies', emergencyId);
        const posts = await campaignOf(svc, emergencyId);
        const campaign = posts.filter((p) => p.group === `emergency:${emergencyId}`);
        const clear = posts.filter((p) => p.group === `emergency:${emergencyId}:all-clear`);
        if (emergency?.status === 'active') {
          expect(clear, `cut after write ${cut}`).toEqual([]);
          seen.running++;
        } else {
          expect(emergency?.status).toBe('lifted');
          expect(campaign.filter((p) => p.status === 'pending'), `cut after write ${cut}: campaign post left pending`).toEqual([]);
          expect(ids(clear), `cut after write ${cut}`).toEqual(allClear);
          seen.lifted++;
        }
      },
    );
    expect(allClear.length).toBeGreaterThan(1);
    expect(seen.running).toBeGreaterThan(0);
    expect(seen.lifted).toBeGreaterThan(allClear.length);
  }, 400_000);
});

/** A city announcement feed (a local file) whose rules declare a snow emergency without approval. */
function cityFeed(dir: string): Scenario & { file: string } {
  const file = path.join(dir, 'city-feed.xml');
  const feeds = `feeds:
  userAgent: "civicast-test (ops@example.org)"
  sources:
    - id: city
      url: "file:${file}"
      format: rss
      pollSeconds: 3600
      ignoreExistingOnFirstPoll: false
      maxItemAgeMinutes: 0
      rules:
        - pattern: "snow emergency (is )?(declared|in effect)"
          type: snow
          action: declare
          requiresApproval: false
`;
  // The feed starts empty: the first poll at start-up finds nothing, and `act` publishes the alert.
  return { config: { 'feeds.yaml': feeds }, file, beforeStart: () => fs.writeFileSync(file, rss([])) };
}

function rss(items: { guid: string; title: string }[]): string {
  const body = items.map((i) => `<item><guid isPermaLink="false">${i.guid}</guid><title>${i.title}</title><description>${i.title}.</description><pubDate>${new Date().toUTCString()}</pubDate></item>`).join('');
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>City</title><link>https://example.org</link><description>City</description>${body}</channel></rss>`;
}

/** The poll a service makes of the city feed as it starts (without waiting for it) is over. */
function startUpPollDone(svc: RunningService): Promise<void> {
  return waitFor(() => svc.services.feedStatus().some((f) => f.id === 'city' && f.lastSuccessAt !== null), 60_000, 'the start-up poll of the city feed');
}

/**
 * Feed-driven declaration (issue 16, item 5): the poll after the restart must find the alert again
 * unless its emergency was saved, and never declare it twice.
 */
function feedDeclarationCuts(everyCut: (scenario: Scenario, setUp: Act, act: Act, inspect: Inspect) => Promise<number>): () => Promise<void> {
  return async () => {
    const feedDir = fs.mkdtempSync(path.join(os.tmpdir(), 'civicast-feed-'));
    try {
      const feed = cityFeed(feedDir);
      let campaign: string[] = [];
      const normalise = (posts: Post[], id: string) => posts.map((p) => p.id.replace(id, 'E')).sort();
      const writes = await everyCut(
        feed,
        // The service polls every feed once as it starts, without waiting: that poll must have
        // found the feed empty before the alert is published, or it may be the one that reads it.
        startUpPollDone,
        async (svc) => {
          fs.writeFileSync(feed.file, rss([{ guid: 'city-snow-1', title: 'Snow emergency declared starting tonight' }]));
          // A file source answers "not modified" by its modification time (whole seconds).
          const later = new Date(Date.now() + 60_000);
          fs.utimesSync(feed.file, later, later);
          expect(await svc.services.pollFeed('city')).toMatchObject({ status: 'ok', signals: 1 });
          const [snow] = await svc.services.emergencies.list();
          campaign = normalise(await campaignOf(svc, snow?.id), snow?.id ?? '');
        },
        async (svc, cut) => {
          // The next poll after the restart (the poller's own loop waits out pollSeconds), once
          // the restart's own first poll is over, so the two do not share the alert.
          await startUpPollDone(svc);
          await svc.services.pollFeed('city');
          const all = await svc.services.emergencies.list();
          expect(all.map((e) => [e.type, e.status]), `cut after write ${cut}: the declaration was lost or doubled`).toEqual([['snow', 'active']]);
          const snow = all[0] as Emergency;
          expect(normalise(await campaignOf(svc, snow.id), snow.id), `cut after write ${cut}`).toEqual(campaign);
          // Polling once more changes nothing.
          expect(await svc.services.pollFeed('city')).toMatchObject({ signals: 0 });
          expect(await svc.services.emergencies.list()).toHaveLength(1);
        },
      );
      expect(campaign.length).toBeGreaterThan(4);
      expect(writes).toBeGreaterThan(campaign.length);
    } finally {
      fs.rmSync(feedDir, { recursive: true, force: true });
    }
  };
}

/** A schedule's occurrence reaches every channel or, cut before its first write, none. */
function scheduleOccurrenceCuts(everyCut: (scenario: Scenario, setUp: Act, act: Act, inspect: Inspect) => Promise<number>): () => Promise<void> {
  return async () => {
    const occurrence = new Date('2026-02-02T12:00:00Z');
    const seen = { none: 0, whole: 0 };
    await everyCut(
      {},
      async (svc) => {
        await svc.services.scheduler.add({ id: 'noon', cron: '0 12 * * *', timeZone: 'UTC', channels: ['console', 'audit'], text: 'Noon notice {date}', priority: 'routine', createdBy: 'user:ops' });
      },
      async (svc) => {
        await svc.services.scheduler.fire(await svc.services.scheduler.get('noon'), occurrence);
      },
      async (svc, cut) => {
        const posts = (await svc.services.store.listPosts({})).filter((p) => p.source === 'schedule:noon');
        if (posts.length === 0) seen.none++;
        else {
          expect(posts.map((p) => p.channel).sort(), `cut after write ${cut}: an occurrence reached only some channels`).toEqual(['audit', 'console']);
          seen.whole++;
        }
      },
    );
    expect(seen.none).toBeGreaterThan(0);
    expect(seen.whole).toBeGreaterThan(1);
  };
}

describe('a crash at any write of a feed declaration or a schedule occurrence (embedded store)', () => {
  it('feed signal: restarts into the alert declared once with its whole campaign, never lost', feedDeclarationCuts(embeddedEveryCut), 400_000);
  it('schedule: an occurrence restarts into every channel’s post or none', scheduleOccurrenceCuts(embeddedEveryCut), 200_000);
});

describe.skipIf(!redisAvailable())('a crash at any write of a feed declaration or a schedule occurrence (Redis)', () => {
  const redis = useRedisServer();
  const onRedis = (scenario: Scenario, setUp: Act, act: Act, inspect: Inspect) => redisEveryCut(redis.url, scenario, setUp, act, inspect);
  it('feed signal: restarts into the alert declared once with its whole campaign, never lost', () => feedDeclarationCuts(onRedis)(), 600_000);
  it('schedule: an occurrence restarts into every channel’s post or none', () => scheduleOccurrenceCuts(onRedis)(), 300_000);
});
