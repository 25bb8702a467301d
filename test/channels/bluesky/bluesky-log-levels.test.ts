import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Harness } from './harness.js';
import { harness } from './harness.js';

const NOTIFICATIONS = 'app.bsky.notification.listNotifications';

/** Issue 16: routine 429 / 500 / network failures are WARN; ERROR is for what needs a person. */
describe('bluesky log levels', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness();
  });
  afterEach(async () => {
    await h.close();
  });

  const levels = (): { level: number; msg: string }[] =>
    h
      .logs()
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { level: number; msg: string });

  it('logs a 429, a 500 and a dropped connection while polling and posting at WARN, never at ERROR', async () => {
    // The channel polls on its own timer, as in production.
    const channel = await h.channel({ pollSeconds: 0.2 });
    const polls = () => h.fake.calls.filter((c) => c === NOTIFICATIONS).length;
    await expect.poll(polls, { timeout: 10_000 }).toBeGreaterThanOrEqual(1);
    h.fake.inject({ kind: 'rate-limit', count: 1, method: NOTIFICATIONS, resetAt: Math.ceil(Date.now() / 1000) });
    h.fake.inject({ kind: 'server-error', count: 1, method: NOTIFICATIONS });
    h.fake.inject({ kind: 'reset', count: 1, method: NOTIFICATIONS });
    const before = polls();
    await expect.poll(polls, { timeout: 20_000 }).toBeGreaterThanOrEqual(before + 4);
    h.fake.inject({ kind: 'server-error', count: 1, method: 'com.atproto.repo.createRecord' });
    await channel.publish({ key: 'k', text: 'routine trouble' }).catch(() => undefined);

    const lines = levels();
    // The failures were seen and logged...
    expect(lines.filter((l) => l.level === 40).length).toBeGreaterThanOrEqual(4);
    // ...and none of them as an error.
    expect(lines.filter((l) => l.level >= 50)).toEqual([]);
  });

  it('still logs refused credentials at ERROR: a person must act', async () => {
    const channel = await h.channel();
    await channel.pollNow();
    h.fake.inject({ kind: 'unauthorized', count: 2, method: 'com.atproto.repo.createRecord' });
    await channel.publish({ key: 'k', text: 'denied' }).catch(() => undefined);
    expect(channel.health().state).toBe('disabled');
    expect(levels().filter((l) => l.level >= 50).length).toBeGreaterThanOrEqual(1);
  });
});
