import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredOAuth2 } from '../../../src/channels/x/x-session.js';
import { AppError } from '../../../src/domain/errors.js';
import { FakeXServer } from '../../fakes/x/fake-x-server.js';
import { makeChannel, MemoryState } from './x-harness.js';

const noop = async (): Promise<void> => {};

/** Records, for each state write, how many API requests the fake had seen by then. */
class WatchedState extends MemoryState {
  readonly writes: { key: string; requestsSeen: number }[] = [];
  constructor(private readonly fake: FakeXServer) {
    super();
  }
  override async set<T>(key: string, value: T): Promise<void> {
    this.writes.push({ key, requestsSeen: this.fake.requests.length });
    await super.set(key, value);
  }
}

describe('X channel: OAuth 2 user context with single-use refresh tokens', () => {
  const fake = new FakeXServer();
  const CLIENT_SECRET = 'client-secret-SECRET-9';

  beforeAll(async () => {
    await fake.start();
  });
  afterAll(async () => {
    await fake.stop();
  });

  function oauth2Env(refreshToken: string): Record<string, string> {
    return { X_CLIENT_ID: 'client-id-1', X_CLIENT_SECRET: CLIENT_SECRET, X_REFRESH_TOKEN: refreshToken };
  }
  const tokenCalls = (): number => fake.requests.filter((r) => r.path === '/2/oauth2/token').length;

  it('refreshes at start, stores the new pair before using it, and posts with the bearer token', async () => {
    const initial = fake.issueOAuth2();
    const state = new WatchedState(fake);
    const h = makeChannel(fake, { auth: 'oauth2' }, oauth2Env(initial.refreshToken), state);
    await h.channel.start(noop);

    const stored = await state.get<StoredOAuth2>('oauth2');
    expect(stored?.refreshToken).toBeDefined();
    expect(stored?.refreshToken).not.toBe(initial.refreshToken);
    expect(fake.refreshTokens.has(initial.refreshToken)).toBe(false);
    expect(fake.refreshTokens.has(stored?.refreshToken ?? '')).toBe(true);
    // Stored right after the token call, before any request used the new token.
    const tokenIndex = fake.requests.findIndex((r) => r.path === '/2/oauth2/token');
    const write = state.writes.find((w) => w.key === 'oauth2');
    expect(write?.requestsSeen).toBe(tokenIndex + 1);
    expect(fake.requests.slice(0, tokenIndex + 1).some((r) => r.authorization === `Bearer ${stored?.accessToken}`)).toBe(false);

    const ref = await h.channel.publish({ key: 'o2', text: 'Posted with OAuth 2' });
    expect(fake.posted.find((t) => t.id === ref.id)).toBeDefined();
    expect(fake.requests.at(-1)?.authorization).toBe(`Bearer ${stored?.accessToken}`);
    await h.channel.close();

    // A restart reuses the stored pair: the spent env token is never sent again.
    const before = tokenCalls();
    const again = makeChannel(fake, { auth: 'oauth2' }, oauth2Env(initial.refreshToken), state);
    await again.channel.start(noop);
    await again.channel.publish({ key: 'o2b', text: 'Posted after restart' });
    expect(tokenCalls()).toBe(before);
    await again.channel.close();
  });

  it('refreshes once when the access token expires, even with concurrent calls', async () => {
    const initial = fake.issueOAuth2();
    const state = new MemoryState();
    const h = makeChannel(fake, { auth: 'oauth2' }, oauth2Env(initial.refreshToken), state);
    let offset = 0;
    h.deps.clock = { now: () => Date.now() + offset };
    await h.channel.start(noop);
    const first = await state.get<StoredOAuth2>('oauth2');
    offset = 3 * 3600_000; // past the 2 h lifetime
    const before = tokenCalls();
    await Promise.all([h.channel.publish({ key: 'c1', text: 'concurrent one' }), h.channel.publish({ key: 'c2', text: 'concurrent two' })]);
    expect(tokenCalls()).toBe(before + 1);
    const second = await state.get<StoredOAuth2>('oauth2');
    expect(second?.refreshToken).not.toBe(first?.refreshToken);
    expect(fake.refreshTokens.has(first?.refreshToken ?? '')).toBe(false);
    await h.channel.close();
  });

  it('on 401 refreshes and retries once, posting exactly one copy', async () => {
    const initial = fake.issueOAuth2();
    const state = new MemoryState();
    const h = makeChannel(fake, { auth: 'oauth2' }, oauth2Env(initial.refreshToken), state);
    await h.channel.start(noop);
    const current = await state.get<StoredOAuth2>('oauth2');
    fake.accessTokens.delete(current?.accessToken ?? ''); // revoked server-side before expiry
    const ref = await h.channel.publish({ key: 'r401', text: 'after a revoked access token' });
    expect(fake.posted.filter((t) => t.text === 'after a revoked access token')).toHaveLength(1);
    expect(ref.id).toBeDefined();
    expect((await state.get<StoredOAuth2>('oauth2'))?.accessToken).not.toBe(current?.accessToken);
    expect(h.channel.health().state).toBe('ok');
    await h.channel.close();
  });

  it('a revoked refresh token gives AUTH_FAILED, disables the channel, and stops calling X', async () => {
    const initial = fake.issueOAuth2();
    const state = new MemoryState();
    const h = makeChannel(fake, { auth: 'oauth2' }, oauth2Env(initial.refreshToken), state);
    await h.channel.start(noop);
    const current = await state.get<StoredOAuth2>('oauth2');
    fake.accessTokens.delete(current?.accessToken ?? '');
    fake.refreshTokens.delete(current?.refreshToken ?? ''); // the user revoked the app
    const error = await h.channel.publish({ key: 'dead', text: 'never goes out' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('AUTH_FAILED');
    expect((error as AppError).retryable).toBe(false);
    expect((error as AppError).message).toContain('X_REFRESH_TOKEN');
    expect(h.channel.health()).toMatchObject({ state: 'disabled' });

    const calls = fake.requests.length;
    for (let i = 0; i < 3; i += 1) {
      await expect(h.channel.publish({ key: 'dead', text: 'never goes out' })).rejects.toMatchObject({ code: 'AUTH_FAILED' });
    }
    await expect(h.channel.pollNow()).rejects.toMatchObject({ code: 'AUTH_FAILED' });
    expect(fake.requests.length).toBe(calls);
    expect(fake.posted.some((t) => t.text === 'never goes out')).toBe(false);

    const logs = h.logs();
    for (const secret of [CLIENT_SECRET, initial.refreshToken, current?.refreshToken ?? '-', current?.accessToken ?? '-']) {
      expect(logs).not.toContain(secret);
      expect(String(error) + JSON.stringify(error)).not.toContain(secret);
    }
    await h.channel.close();
  });

  it('a refresh token refused at start fails start with AUTH_FAILED', async () => {
    const h = makeChannel(fake, { auth: 'oauth2' }, oauth2Env('rt-never-issued'));
    await expect(h.channel.start(noop)).rejects.toMatchObject({ code: 'AUTH_FAILED' });
    expect(h.channel.health().state).toBe('disabled');
  });
});
