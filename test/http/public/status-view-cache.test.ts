import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/logging/logger.js';
import { startService, type RunningService } from '../../../src/main.js';
import type { PostQuery } from '../../../src/store/store.js';
import { makeTestConfig, testEnv } from '../../support/test-config.js';

describe('public status view cache', () => {
  let svc: RunningService;
  let reads = 0;
  beforeAll(async () => {
    const { dir, configDir } = makeTestConfig({ 'zz-cache.yaml': 'http:\n  statusCacheSeconds: 60\n' });
    svc = await startService({ env: testEnv(configDir, { ADMIN_TOKEN: 'status-cache-token-0123' }), logger: createLogger({ level: 'silent' }), runtimeDir: `${dir}/run` });
    // Count the expensive part of a build: reading the sent posts.
    const store = svc.services.store;
    const listPosts = store.listPosts.bind(store);
    store.listPosts = (query: PostQuery) => {
      if (query.broadcastsOnly === true) reads++;
      return listPosts(query);
    };
  });
  afterAll(async () => {
    await svc?.close();
  });
  const get = (url: string) => svc.app!.inject({ method: 'GET', url });

  it('serves a burst of requests from one build, and shows an emergency change at once', async () => {
    const burst = await Promise.all(Array.from({ length: 50 }, (_, i) => get(['/status.json', '/status', '/feed.atom', '/cap.atom'][i % 4] as string)));
    expect(burst.every((r) => r.statusCode === 200)).toBe(true);
    expect(reads).toBe(1);
    expect((burst[0]?.json() as { emergencies: unknown[] }).emergencies).toEqual([]);

    const snow = await svc.services.emergencies.declare({ type: 'snow', actor: 'user:chief' });
    const after = (await get('/status.json')).json() as { emergencies: { id: string }[] };
    expect(after.emergencies.map((e) => e.id)).toEqual([snow.id]);
    expect(reads).toBe(2);
    await get('/status');
    expect(reads).toBe(2);
  });
});
