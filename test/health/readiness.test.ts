import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { feedsConfigSchema } from '../../src/feeds/feed-config.js';
import { DeliveryTracker } from '../../src/health/delivery-tracker.js';
import { evaluateReadiness } from '../../src/health/readiness.js';
import { channelsDelivering, feedsPolled } from '../../src/health/readiness-checks.js';
import { createLogger } from '../../src/logging/logger.js';
import { startService, type RunningService } from '../../src/main.js';
import { waitFor } from '../support/child-process.js';
import { makeTestConfig, testEnv } from '../support/test-config.js';

const T0 = 1_700_000_000_000;

describe('readiness checks', () => {
  it('reports a check that throws or never answers, without waiting for it', async () => {
    const report = await evaluateReadiness(
      [
        { name: 'fine', check: () => ({ ok: true, reasons: [] }) },
        { name: 'throws', check: () => Promise.reject(new Error('boom')) },
        { name: 'hangs', check: () => new Promise(() => undefined) },
      ],
      T0,
      20,
    );
    expect(report).toEqual({
      ready: false,
      checks: [
        { name: 'fine', ok: true, reasons: [] },
        { name: 'throws', ok: false, reasons: ['could not check: boom'] },
        { name: 'hangs', ok: false, reasons: ['did not answer within 20 ms'] },
      ],
    });
  });

  it('names a channel whose last posts all failed, until one gets through', () => {
    const tracker = new DeliveryTracker();
    const check = channelsDelivering(tracker);
    tracker.record('x-311', 'sent', T0);
    tracker.record('x-311', 'failed', T0 + 1, 'REJECTED: duplicate');
    tracker.record('x-311', 'deferred', T0 + 2); // a rate limit is policy, not a failure
    tracker.record('x-311', 'retry', T0 + 3, 'PLATFORM_UNAVAILABLE: 503');
    expect(check.check(T0)).toEqual({ ok: true, reasons: [] });
    tracker.record('x-311', 'retry', T0 + 4, 'PLATFORM_UNAVAILABLE: 503');
    tracker.record('mastodon-311', 'sent', T0 + 4);
    expect(check.check(T0)).toEqual({ ok: false, reasons: ['channel x-311: the last 3 posts failed (PLATFORM_UNAVAILABLE: 503)'] });
    tracker.record('x-311', 'reconciled', T0 + 5);
    expect(check.check(T0)).toEqual({ ok: true, reasons: [] });
  });

  it('names a feed not polled in three of its intervals, counting from start-up for one never polled', () => {
    const sources = feedsConfigSchema.parse({ sources: [{ id: 'nws', url: 'https://example.org/a', format: 'nws-json', pollSeconds: 60 }, { id: 'city', url: 'file:x', format: 'rss', pollSeconds: 120 }, { id: 'off', url: 'file:y', format: 'rss', enabled: false }] }).sources;
    const status = [{ id: 'nws', state: 'ok', lastAttemptAt: T0 }, { id: 'city', state: 'new', lastAttemptAt: null }];
    const check = feedsPolled(sources, () => status, T0);
    expect(check.check(T0 + 180_000)).toEqual({ ok: true, reasons: [] });
    expect(check.check(T0 + 181_000)).toEqual({ ok: false, reasons: ['feed nws last polled 181 s ago (every 60 s expected)'] });
    expect(check.check(T0 + 361_000)).toEqual({ ok: false, reasons: ['feed nws last polled 361 s ago (every 60 s expected)', 'feed city never polled (every 120 s expected)'] });
  });
});

describe('/readyz and /metrics tell the truth', () => {
  let svc: RunningService | undefined;
  afterEach(async () => {
    await svc?.close();
  });

  it('show campaign work that cannot be queued and a channel whose posts all fail, with reasons', async () => {
    const made = makeTestConfig();
    // The file channel's path is a directory: every post to it fails.
    const broken = path.join(made.dir, 'not-a-file');
    fs.mkdirSync(broken);
    fs.writeFileSync(path.join(made.configDir, 'zz-broken.yaml'), `channels:\n  audit: { kind: file, path: "${broken}", replies: false }\n`);
    svc = await startService({ env: testEnv(made.configDir, { ADMIN_TOKEN: 'readiness-token-12345' }), logger: createLogger({ level: 'silent' }), runtimeDir: path.join(made.dir, 'run') });
    const get = async (route: string) => {
      const response = await fetch(`${svc?.url}${route}`);
      return { status: response.status, body: await response.text() };
    };
    expect((await get('/readyz')).status).toBe(200);

    const now = Date.now();
    await svc.services.store.putDoc('campaign-work', 'snow-9:activated:1', { emergencyId: 'snow-9', event: 'activated', revision: 1, at: now - 120_000 });
    await svc.services.outbox.enqueueAll(svc.services.composePosts({ text: 'Street cleaning resumes Monday.', channels: ['audit'], actor: 'user:maria' }));
    await svc.services.outbox.enqueueAll(svc.services.composePosts({ text: 'Trash pickup is on schedule.', channels: ['audit'], actor: 'user:maria' }));
    await svc.services.outbox.enqueueAll(svc.services.composePosts({ text: 'Libraries open late tonight.', channels: ['audit'], actor: 'user:maria' }));
    await waitFor(async () => JSON.parse((await get('/readyz')).body).checks.find((c: { name: string }) => c.name === 'channel-delivery').ok === false, 30_000, 'the failing channel to show');

    const ready = await get('/readyz');
    expect(ready.status).toBe(503);
    const body = JSON.parse(ready.body) as { ready: boolean; reasons: string[] };
    expect(body.ready).toBe(false);
    expect(body.reasons).toEqual(expect.arrayContaining([expect.stringMatching(/^campaign-work: campaign posts for emergency snow-9 \(activated\) not queued after \d+ s$/), expect.stringMatching(/^channel-delivery: channel audit: the last 3 posts failed$/)]));
    const metrics = (await get('/metrics')).body;
    expect(metrics).toMatch(/^civicast_ready 0$/m);
    expect(metrics).toMatch(/^civicast_readiness_check_ok\{check="campaign-work"\} 0$/m);
    expect(metrics).toMatch(/^civicast_readiness_problems\{check="campaign-work"\} 1$/m);
    expect(metrics).toMatch(/^civicast_readiness_check_ok\{check="channel-delivery"\} 0$/m);
    expect(metrics).toMatch(/^civicast_readiness_check_ok\{check="store"\} 1$/m);
    // Liveness does not care: the process is alive.
    expect((await get('/healthz')).status).toBe(200);
  });
});
