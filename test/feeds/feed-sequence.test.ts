import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readFileRecords } from '../../src/channels/file/file-channel.js';
import { createLogger } from '../../src/logging/logger.js';
import { startService, type RunningService } from '../../src/main.js';
import { waitFor } from '../support/child-process.js';
import { nwsAlert, startFeedServer, type FeedServer } from '../support/feed-server.js';
import { makeTestConfig, testEnv } from '../support/test-config.js';

const logger = createLogger({ level: 'silent' });

function feedConfig(url: string): string {
  return `feeds:
  userAgent: "civicast-test (ops@example.org)"
  timeoutMs: 2000
  maxBytes: 2000000
  sources:
    - id: nws
      url: ${JSON.stringify(url)}
      format: nws-json
      pollSeconds: 3600
      ignoreExistingOnFirstPoll: false
      area: { codes: [PAZ071] }
  rules:
    - events: [Winter Storm Warning]
      type: snow
      requiresApproval: false
`;
}

describe('feed → emergency → campaign, over a local HTTP feed server', () => {
  let server: FeedServer;
  const services: RunningService[] = [];
  afterEach(async () => {
    for (const s of services.splice(0)) await s.close();
    await server.close();
  });

  async function boot(configDir: string, stateDir: string, dir: string): Promise<RunningService> {
    const svc = await startService({ env: testEnv(configDir, { STATE_DIR: stateDir, ADMIN_TOKEN: 'feed-test-token-1234' }), logger, runtimeDir: path.join(dir, 'run') });
    services.push(svc);
    return svc;
  }

  it('declare → update → cancel gives one campaign, an update and an all-clear; a restart re-announces nothing', async () => {
    server = await startFeedServer();
    server.set(nwsAlert({ id: 'A1', event: 'Winter Storm Warning', vtecAction: 'NEW', messageType: 'Alert' }));
    // Two languages keep the campaign small enough to count here (every language: test/http/public).
    const { dir, configDir, postsFile } = makeTestConfig({ 'feeds.yaml': feedConfig(server.url), 'zz-channels.yaml': 'channels:\n  console: { kind: console, enabled: false }\n  audit: { locales: [en, es] }\n' });
    const stateDir = path.join(dir, 'state');
    let svc = await boot(configDir, stateDir, dir);
    // The first poll happens at start: the warning declares a snow emergency.
    await waitFor(async () => (await svc.services.emergencies.active()).length === 1, 10_000, 'declared');
    await waitFor(() => readFileRecords(postsFile).some((r) => r.key.includes(':declare:0:01-move-car:es:')), 10_000, 'first campaign posts');
    const [emergency] = await svc.services.emergencies.active();
    expect(emergency?.externalKeys).toContain('vtec:KPHI.WS.W.0007');

    // The same document again: 304, nothing new.
    expect(await svc.services.pollFeed('nws')).toMatchObject({ status: 'not-modified', signals: 0 });
    expect(server.requests.at(-1)?.['if-none-match']).toMatch(/^"/);
    expect(server.requests.at(-1)?.['user-agent']).toBe('civicast-test (ops@example.org)');

    // An update (CON) continues the same emergency.
    server.set(nwsAlert({ id: 'A2', event: 'Winter Storm Warning', vtecAction: 'EXT', messageType: 'Update', references: ['A1'], expiresInHours: 24 }));
    expect(await svc.services.pollFeed('nws')).toMatchObject({ status: 'ok', signals: 1 });
    await waitFor(() => readFileRecords(postsFile).some((r) => r.key.includes(':update:r1:')), 10_000, 'update posts');

    // Restart in the middle: same state, same document: nothing is announced again.
    await svc.close();
    services.length = 0;
    svc = await boot(configDir, stateDir, dir);
    expect(await svc.services.pollFeed('nws')).toMatchObject({ signals: 0 });
    expect((await svc.services.emergencies.list()).length).toBe(1);

    // The cancellation ends it: pending campaign posts are cancelled, the all-clear goes out.
    server.set(nwsAlert({ id: 'A3', event: 'Winter Storm Warning', vtecAction: 'CAN', messageType: 'Cancel', references: ['A1', 'A2'] }));
    expect(await svc.services.pollFeed('nws')).toMatchObject({ status: 'ok', signals: 1 });
    await waitFor(() => readFileRecords(postsFile).filter((r) => r.key.includes(':lift:0:00-all-clear:')).length === 2, 10_000, 'all-clear');

    const records = readFileRecords(postsFile);
    const keys = records.map((r) => r.key);
    expect(keys.length).toBe(new Set(keys).size);
    expect(new Set(records.map((r) => r.key.split(':')[1]))).toEqual(new Set([emergency?.id]));
    expect(keys.filter((k) => k.includes(':update:'))).toHaveLength(2);
    const allClear = records.find((r) => r.key.includes(':lift:0:00-all-clear:en:'));
    expect(allClear?.inReplyTo).toBe(records.find((r) => r.key.includes(':declare:0:00-status:en:'))?.key);
    expect((await svc.services.emergencies.get(emergency!.id)).status).toBe('lifted');
    expect((await svc.services.store.countPosts()).pending).toBe(0);
  }, 60_000);

  it('backs off on failures, skips hostile documents with a reason, and recovers on the next good one', async () => {
    server = await startFeedServer();
    server.set(nwsAlert({ id: 'B1', event: 'Winter Storm Warning', vtecAction: 'NEW', messageType: 'Alert' }));
    server.failNext(503, 1);
    const { dir, configDir } = makeTestConfig({ 'feeds.yaml': feedConfig(server.url).replace('maxBytes: 2000000', 'maxBytes: 100000'), 'zz-channels.yaml': 'channels:\n  console: { kind: console, enabled: false }\n' });
    const svc = await boot(configDir, path.join(dir, 'state'), dir);
    await waitFor(() => svc.services.feedStatus()[0]?.state === 'failing', 10_000, 'failing state');
    const failing = svc.services.feedStatus()[0];
    expect(failing).toMatchObject({ consecutiveFailures: 1, lastError: expect.stringMatching(/HTTP 503/) });
    // Backoff is min(maxBackoffSeconds 1800, pollSeconds × 2) with half of it jittered: 900–1800 s
    // after the attempt. Measured from the recorded attempt, not from Date.now(), so a wall-clock
    // jump on the machine cannot fail it.
    const backoffMs = Number(failing?.['nextPollAt']) - Number(failing?.['lastAttemptAt']);
    expect(backoffMs).toBeGreaterThanOrEqual(900_000);
    expect(backoffMs).toBeLessThanOrEqual(1_800_000);

    server.set('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>', 'application/xml');
    expect(await svc.services.pollFeed('nws')).toMatchObject({ status: 'failed', error: expect.stringMatching(/cannot parse nws-json document/) });
    server.flood(50 * 1024 * 1024);
    expect(await svc.services.pollFeed('nws')).toMatchObject({ status: 'failed', error: expect.stringMatching(/cap/) });
    server.set('{"type": "FeatureCollection", "features": [', 'application/json');
    expect(await svc.services.pollFeed('nws')).toMatchObject({ status: 'failed', error: expect.stringMatching(/cannot parse/) });
    expect(svc.services.feedStatus()[0]?.consecutiveFailures).toBe(4);

    server.set(nwsAlert({ id: 'B1', event: 'Winter Storm Warning', vtecAction: 'NEW', messageType: 'Alert' }));
    expect(await svc.services.pollFeed('nws')).toMatchObject({ status: 'ok', signals: 1 });
    expect(svc.services.feedStatus()[0]).toMatchObject({ state: 'ok', consecutiveFailures: 0 });
    expect((await svc.services.emergencies.active()).map((e) => e.type)).toEqual(['snow']);
  }, 60_000);

  it('does not re-announce history on the first poll of a new feed, and pauses a runaway feed', async () => {
    server = await startFeedServer();
    server.set(nwsAlert({ id: 'C1', event: 'Winter Storm Warning', vtecAction: 'NEW', messageType: 'Alert' }));
    const config = feedConfig(server.url).replace('ignoreExistingOnFirstPoll: false', 'ignoreExistingOnFirstPoll: true\n      maxSignalsPerHour: 2');
    const { dir, configDir } = makeTestConfig({ 'feeds.yaml': config, 'zz-channels.yaml': 'channels:\n  console: { kind: console, enabled: false }\n' });
    const svc = await boot(configDir, path.join(dir, 'state'), dir);
    await waitFor(() => svc.services.feedStatus()[0]?.state === 'ok', 10_000, 'first poll');
    expect(await svc.services.emergencies.list()).toEqual([]);
    for (let i = 0; i < 4; i++) {
      server.set(nwsAlert({ id: `C${i + 2}`, event: 'Winter Storm Warning', vtecAction: 'CON', messageType: 'Update', references: ['C1'] }));
      await svc.services.pollFeed('nws');
    }
    const status = svc.services.feedStatus()[0];
    expect(status?.state).toBe('paused');
    expect(String(status?.['pausedReason'])).toMatch(/runaway guard/);
    expect(await svc.services.pollFeed('nws')).toMatchObject({ status: 'skipped' });
    await svc.services.resumeFeed('nws');
    expect(svc.services.feedStatus()[0]?.state).not.toBe('paused');
    fs.rmSync(dir, { recursive: true, force: true });
  }, 60_000);
});
