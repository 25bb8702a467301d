import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Emergency } from '../../src/domain/emergency.js';
import type { Post } from '../../src/domain/post.js';
import { createLogger } from '../../src/logging/logger.js';
import { startService, type RunningService } from '../../src/main.js';
import { makeTestConfig, testEnv } from '../support/test-config.js';

const logger = createLogger({ level: 'silent' });

function journalLines(stateDir: string): string[] {
  return fs.readFileSync(path.join(stateDir, 'state.jsonl'), 'utf8').split('\n').filter((line) => line.length > 0);
}

interface Restarted {
  cut: number;
  emergency: Emergency | undefined;
  posts: Post[];
}

/**
 * The embedded store's journal is the service's durable state, one acknowledged write per line.
 * Cutting it after write k is exactly what a SIGKILL after that write leaves behind. `act` runs on
 * a paused service (so posts stay in the outbox to be counted); then the service restarts from every
 * cut of the writes `act` made, and `inspect` sees what the restarted service holds.
 */
async function restartFromEveryCut(act: (svc: RunningService) => Promise<string>, inspect: (state: Restarted) => void): Promise<void> {
  // Two languages: every cut of the writes is a restart, and ten languages are five times the writes.
  const { dir, configDir } = makeTestConfig({ 'zz-languages.yaml': 'channels:\n  console: { locales: [en, es] }\n  audit: { locales: [en, es] }\n' });
  const stateDir = path.join(dir, 'state');
  const run = (state: string) => testEnv(configDir, { STATE_DIR: state, ADMIN_TOKEN: 'crash-points-token-1234' });
  const first = await startService({ env: run(stateDir), logger, runtimeDir: path.join(dir, 'run') });
  await first.services.pause.set(true, 'user:ops', Date.now());
  const emergencyId = await act(first);
  await first.close();
  const all = journalLines(stateDir);
  const marker = all.findIndex((line) => line.includes('"crash-points-begin"'));
  expect(marker).toBeGreaterThan(0);
  const base = all.slice(0, marker + 1);
  const writes = all.slice(marker + 1);
  expect(writes.length).toBeGreaterThan(4);
  for (let cut = 0; cut <= writes.length; cut++) {
    const crashed = path.join(dir, `crash-${cut}`);
    fs.mkdirSync(crashed);
    fs.writeFileSync(path.join(crashed, 'state.jsonl'), [...base, ...writes.slice(0, cut)].map((line) => `${line}\n`).join(''));
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

/** Marks the journal where the writes under test begin. */
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
  }, 120_000);

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
  }, 120_000);
});
