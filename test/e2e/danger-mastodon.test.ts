/**
 * Someone in danger writes to the city on Mastodon, through the real masto client against the
 * loopback fake: the 911 reply is posted once in their thread, the item is on top of the staff
 * inbox, the alarm is logged, and a staff follow-up, sent twice by mistake, is posted once in the
 * same thread.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startService, type RunningService } from '../../src/main.js';
import type { InboxItem } from '../../src/replies/inbox.js';
import { startFakeMastodon, type FakeMastodon } from '../fakes/mastodon/fake-mastodon-server.js';
import { capturedLogger } from '../support/channel-test-deps.js';
import { waitFor } from '../support/child-process.js';
import { makeTestConfig, testEnv } from '../support/test-config.js';

const ADMIN = 'danger-e2e-admin-token-0123456';

describe('a resident in danger, end to end on Mastodon', () => {
  let mastodon: FakeMastodon;
  let svc: RunningService;
  const captured = capturedLogger('info');

  beforeAll(async () => {
    mastodon = await startFakeMastodon({ token: 'masto-token-danger' });
    const channels = ['channels:', '  console: { kind: console, enabled: false }', `  mastodon-311: { kind: mastodon, instance: "${mastodon.url}", tokenEnv: MASTO_TOKEN, pollSeconds: 1 }`, ''].join('\n');
    const { dir, configDir } = makeTestConfig({ 'zz-channels.yaml': channels, 'zz-replies.yaml': 'replies:\n  authorCooldownSeconds: 0\n' });
    svc = await startService({ env: testEnv(configDir, { ADMIN_TOKEN: ADMIN, MASTO_TOKEN: mastodon.token }), logger: captured.logger, runtimeDir: path.join(dir, 'run') });
  }, 60_000);

  afterAll(async () => {
    await svc?.close();
    await mastodon?.close();
  });

  const api = async <T>(method: 'GET' | 'POST', url: string, payload?: object): Promise<T> => {
    const response = await svc.app!.inject({ method, url, headers: { authorization: `Bearer ${ADMIN}` }, ...(payload === undefined ? {} : { payload }) });
    expect(response.statusCode, `${method} ${url}: ${response.body}`).toBe(200);
    return response.json() as T;
  };
  const repliesTo = (id: string) => mastodon.posted().filter((s) => s.inReplyToId === id);

  it('answers with 911 once, puts the item on top, logs the alarm, and posts one staff follow-up in the thread', async () => {
    // A routine message first, so "on top" means something.
    const routine = mastodon.mention({ from: 'grumpy', text: '@cityalerts the mayor should resign lol' });
    await waitFor(async () => (await svc.services.inbox.list('open')).some((i) => i.messageId === routine.id), 30_000, 'the routine message in the inbox');
    const danger = mastodon.mention({ from: 'worried', text: '@cityalerts my grandpa went out to shovel and now hes lying in the snow by the steps, not moving' });

    await waitFor(async () => repliesTo(danger.id).length > 0, 30_000, 'the 911 reply on Mastodon');
    const [reply] = repliesTo(danger.id);
    expect(reply?.text).toMatch(/Call 911 now/);
    expect(reply?.text).toMatch(/@worried/);

    const [top, next] = await api<InboxItem[]>('GET', '/api/inbox');
    expect(top).toMatchObject({ messageId: danger.id, danger: 'urgent', urgent: true, reason: 'urgent', channel: 'mastodon-311' });
    expect(next?.messageId).toBe(routine.id);
    const alarm = captured.lines().find((l) => String(l['msg']).startsWith('ALARM danger') && l['message'] === danger.id);
    expect(alarm).toMatchObject({ level: 50, danger: 'urgent', channel: 'mastodon-311' });
    const metrics = await svc.app!.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.body).toMatch(/civicast_inbox_open_danger\{tier="urgent"\} 1/);

    // A staff member answers; the form goes twice (a double click, a retry).
    const text = 'Medics are on their way to you. Keep him warm and stay with him.';
    const answers = await Promise.all([api<{ posted: boolean }>('POST', `/api/inbox/${encodeURIComponent(top?.id ?? '')}/reply`, { text }), api<{ posted: boolean }>('POST', `/api/inbox/${encodeURIComponent(top?.id ?? '')}/reply`, { text })]);
    expect(answers.map((a) => a.posted).sort()).toEqual([false, true]);
    await waitFor(async () => repliesTo(danger.id).length === 2 && (await svc.services.store.listPosts({ status: 'pending' })).length === 0, 30_000, 'the staff follow-up on Mastodon');
    // Give a doubled post every chance to appear before counting.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const thread = repliesTo(danger.id);
    expect(thread).toHaveLength(2);
    expect(thread[1]?.text).toContain('Medics are on their way');
    expect(new Set(mastodon.posted().map((s) => s.id)).size).toBe(mastodon.posted().length);
    expect((await svc.services.inbox.get(top?.id ?? '')).status).toBe('answered');
    expect((await svc.app!.inject({ method: 'GET', url: '/metrics' })).body).toMatch(/civicast_inbox_open_danger\{tier="urgent"\} 0/);
  }, 90_000);
});
