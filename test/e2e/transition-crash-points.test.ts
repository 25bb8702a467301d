import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Emergency } from '../../src/domain/emergency.js';
import type { Post } from '../../src/domain/post.js';
import { createLogger } from '../../src/logging/logger.js';
import { startService, type RunningService } from '../../src/main.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import type { Store } from '../../src/store/store.js';
import { makeTestConfig, testEnv } from '../support/test-config.js';

const logger = createLogger({ level: 'silent' });

/** Store methods that change state: each is one SQLite transaction, so a crash falls between two of them. */
const WRITES = new Set(['enqueuePost', 'claimPosts', 'updateClaimed', 'updateUnclaimed', 'cancelGroup', 'pruneFinalPosts', 'putDoc', 'putDocIfAbsent', 'deleteDoc', 'takeSlot', 'markSeen', 'incrementCounter', 'appendAudit', 'pruneAudit']);

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

interface Restarted {
  cut: number;
  emergency: Emergency | undefined;
  posts: Post[];
}

/**
 * The embedded store commits one transaction per store call, so what a SIGKILL leaves behind is
 * the state after some prefix of the calls. The first run records its writes; then, for every cut
 * after the writes `act` made, a fresh database gets the writes up to the cut and the service
 * restarts on it. `act` runs on a paused service (so posts stay in the outbox to be counted), and
 * `inspect` sees what the restarted service holds.
 */
async function restartFromEveryCut(act: (svc: RunningService) => Promise<string>, inspect: (state: Restarted) => void): Promise<void> {
  const { dir, configDir } = makeTestConfig();
  const run = (state: string) => testEnv(configDir, { STATE_DIR: state, ADMIN_TOKEN: 'crash-points-token-1234' });
  const calls: Call[] = [];
  const first = await startService({ env: run(path.join(dir, 'state')), logger, runtimeDir: path.join(dir, 'run'), wrapStore: (store) => recording(store, calls) });
  await first.services.pause.set(true, 'user:ops', Date.now());
  const emergencyId = await act(first);
  await first.close();
  const marker = calls.findIndex((c) => c.method === 'putDoc' && c.args[1] === 'crash-points-begin');
  expect(marker).toBeGreaterThan(0);
  const base = calls.slice(0, marker + 1);
  const writes = calls.slice(marker + 1);
  expect(writes.length).toBeGreaterThan(4);
  for (let cut = 0; cut <= writes.length; cut++) {
    const crashed = path.join(dir, `crash-${cut}`);
    // The replayed file is a test fixture: no fsync per write (the restart below opens it as usual).
    const replay = new SqliteStore({ file: path.join(crashed, 'civicast.db'), synchronous: 'OFF' });
    for (const call of [...base, ...writes.slice(0, cut)]) await (replay[call.method as keyof Store] as (...a: unknown[]) => Promise<unknown>).apply(replay, call.args);
    await replay.close();
    const restarted = await startService({ env: run(crashed), logger, runtimeDir: path.join(dir, `run-${cut}`) });
    try {
      inspect({
        cut,
        emergency: await restarted.services.store.getDoc<Emergency>('emergencies', emergencyId),
        posts: (await restarted.services.store.listPosts({})).filter((p) => p.group?.startsWith(`emergency:${emergencyId}`) === true),
      });
      // Whatever the cut, the restart finished or dropped every promise of campaign work.
      expect(await restarted.services.store.listDocs('campaign-work'), `cut after write ${cut}: promise left behind`).toEqual([]);
    } finally {
      await restarted.close();
    }
  }
  fs.rmSync(dir, { recursive: true, force: true });
}

/** Marks where the writes under test begin. */
async function begin(svc: RunningService): Promise<void> {
  await svc.services.store.putDoc('test-marker', 'crash-points-begin', { at: Date.now() });
}

const ids = (posts: Post[]): string[] => posts.map((p) => p.id).sort();

describe('a crash at any write of an emergency transition', () => {
  it('declare: restarts into no emergency, or the emergency with its whole campaign queued once', async () => {
    let campaign: string[] = [];
    const seen = { none: 0, recovered: 0 };
    await restartFromEveryCut(
      async (svc) => {
        await begin(svc);
        const snow = await svc.services.emergencies.declare({ type: 'snow', actor: 'user:chief' });
        campaign = ids(await svc.services.store.listPosts({ status: 'pending' }));
        return snow.id;
      },
      ({ cut, emergency, posts }) => {
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
  }, 300_000);

  it('lift: restarts into the campaign still running, or cancelled with the whole all-clear queued once', async () => {
    let allClear: string[] = [];
    const seen = { running: 0, lifted: 0 };
    await restartFromEveryCut(
      async (svc) => {
        const snow = await svc.services.emergencies.declare({ type: 'snow', actor: 'user:chief' });
        await begin(svc);
        await svc.services.emergencies.lift(snow.id, 'user:chief');
        allClear = ids((await svc.services.store.listPosts({ status: 'pending' })).filter((p) => p.group === `emergency:${snow.id}:all-clear`));
        return snow.id;
      },
      ({ cut, emergency, posts }) => {
        const campaign = posts.filter((p) => p.group === `emergency:${emergency?.id}`);
        const clear = posts.filter((p) => p.group === `emergency:${emergency?.id}:all-clear`);
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
  }, 300_000);
});
