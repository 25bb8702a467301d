/**
 * Issue 16, item 4: one fault at start-up must not switch a channel off until the next restart.
 * The X channel's credential check fails while the service starts; the service runs on, the
 * channel is `down` with the reason in /readyz (not ready, liveness still up), keeps retrying,
 * and once X answers again it reads the mention that arrived meanwhile and answers it.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logging/logger.js';
import { startService, type RunningService } from '../../src/main.js';
import { FakeXServer } from '../fakes/x/fake-x-server.js';
import { waitFor } from '../support/child-process.js';
import { makeTestConfig, testEnv } from '../support/test-config.js';

describe('a channel whose start fails heals itself', () => {
  let x: FakeXServer;
  let svc: RunningService;

  beforeAll(async () => {
    x = new FakeXServer();
    x.oauth1AccessToken = 'x-access-heal';
    for (const endpoint of ['GET /2/users/:id/mentions', 'GET /2/users/:id/tweets', 'GET /2/users/me']) x.endpointLimits.set(endpoint, { limit: 1_000_000, windowSeconds: 900 });
    await x.start();
    // The credential check fails (a lost connection, then 503s) until the test lets it through.
    x.failNext('reset', 1, 'GET /2/users/me');
    x.failNext('500', 10_000, 'GET /2/users/me');
    const channels = [
      'channels:',
      '  console: { kind: console, enabled: false }',
      `  x-311: { kind: x, apiBase: "${x.url}", pollSeconds: 1, startRetryBaseMs: 200, startRetryMaxMs: 400, appKeyEnv: X_KEY, appSecretEnv: X_SECRET, accessTokenEnv: X_ACCESS_TOKEN, accessSecretEnv: X_ACCESS_SECRET }`,
      '',
    ].join('\n');
    const { dir, configDir } = makeTestConfig({ 'zz-channels.yaml': channels, 'zz-replies.yaml': 'replies:\n  authorCooldownSeconds: 0\n' });
    svc = await startService({
      env: testEnv(configDir, { X_KEY: 'app-key', X_SECRET: 'app-secret', X_ACCESS_TOKEN: x.oauth1AccessToken, X_ACCESS_SECRET: 'access-secret' }),
      logger: createLogger({ level: 'silent' }),
      runtimeDir: path.join(dir, 'run'),
    });
  }, 60_000);

  afterAll(async () => {
    await svc?.close();
    await x?.stop();
  });

  it('is down with the reason in /readyz while X fails, keeps retrying, and answers what arrived meanwhile once up', async () => {
    const app = svc.app!;
    expect((await app.inject({ method: 'GET', url: '/healthz' })).json()).toEqual({ ok: true });
    const down = await app.inject({ method: 'GET', url: '/readyz' });
    expect(down.statusCode).toBe(503);
    const body = down.json() as { ready: boolean; notReady: { name: string; state: string; reason: string }[] };
    expect(body.ready).toBe(false);
    expect(body.notReady).toEqual([{ name: 'x-311', state: 'down', reason: expect.stringMatching(/X answered 500|connection|socket/) }]);
    const checksWhileDown = x.requests.filter((r) => r.path === '/2/users/me').length;
    await waitFor(() => x.requests.filter((r) => r.path === '/2/users/me').length > checksWhileDown + 1, 20_000, 'the start is retried');

    // A resident asks while the channel is down.
    const question = x.addMention(x.addUser('resident_heal'), 'is trash pickup delayed?');
    x.clearFaults();
    await waitFor(async () => (await app.inject({ method: 'GET', url: '/readyz' })).statusCode === 200, 20_000, 'ready again');
    await waitFor(() => x.posted.some((t) => t.in_reply_to_tweet_id === question.id), 30_000, 'the missed question answered');
    expect(x.posted.filter((t) => t.in_reply_to_tweet_id === question.id)).toHaveLength(1);
    expect(svc.services.channels.get('x-311')?.health().state).toBe('ok');
  }, 90_000);
});
