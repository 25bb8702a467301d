import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SavedSession } from '../../../src/channels/bluesky/bluesky-session.js';
import type { Harness } from './harness.js';
import { harness, rejectionOf } from './harness.js';

describe('bluesky session', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness();
  });
  afterEach(async () => {
    await h.close();
  });

  it('logs in once and a second instance resumes the stored session without createSession', async () => {
    await h.channel();
    expect(h.fake.createSessionCalls).toBe(1);
    const saved = await h.state.get<SavedSession>('session');
    expect(saved?.data.did).toBe(h.fake.account.did);

    const second = await h.channel();
    expect(h.fake.createSessionCalls).toBe(1);
    expect(h.fake.refreshSessionCalls).toBe(1);
    // The refresh rotated the tokens; the rotated pair is what is stored now.
    const rotated = await h.state.get<SavedSession>('session');
    expect(rotated?.data.refreshJwt).not.toBe(saved?.data.refreshJwt);
    await second.publish({ key: 'k', text: 'still logged in' });
    expect(h.fake.ownPosts()).toHaveLength(1);

    await h.channel();
    expect(h.fake.createSessionCalls).toBe(1);
  });

  it('prefers the identifier option over the environment variable', async () => {
    await h.channel({ identifier: h.fake.account.did }, { BLUESKY_APP_PASSWORD: h.fake.account.password ?? '' });
    expect(h.fake.createSessionCalls).toBe(1);
  });

  it('refreshes an expired access token and retries the post once', async () => {
    const channel = await h.channel();
    const before = await h.state.get<SavedSession>('session');
    h.fake.expireAccessTokens();

    await channel.publish({ key: 'k', text: 'after expiry' });
    expect(h.fake.ownPosts()).toHaveLength(1);
    expect(h.fake.refreshSessionCalls).toBe(1);
    expect(h.fake.createSessionCalls).toBe(1);
    const after = await h.state.get<SavedSession>('session');
    expect(after?.data.accessJwt).not.toBe(before?.data.accessJwt);
    expect(channel.health().state).toBe('ok');
  });

  it('logs in again when the stored refresh token was revoked', async () => {
    await h.channel();
    const saved = await h.state.get<SavedSession>('session');
    await h.state.set('session', { ...saved!, data: { ...saved!.data, refreshJwt: 'refresh-revoked' } });
    const channel = await h.channel();
    expect(h.fake.createSessionCalls).toBe(2);
    await channel.publish({ key: 'k', text: 'fresh login' });
    expect(h.fake.ownPosts()).toHaveLength(1);
  });

  it('ignores a stored session of another account', async () => {
    await h.channel();
    const other = h.fake.addUser('other.bsky.social');
    const saved = await h.state.get<SavedSession>('session');
    await h.state.set('session', { ...saved!, identifier: other.handle });
    await h.channel();
    expect(h.fake.createSessionCalls).toBe(2);
  });

  it('fails start with AUTH_FAILED naming the missing variable', async () => {
    const noPassword = h.create({}, { BLUESKY_IDENTIFIER: h.fake.account.handle });
    const error = await rejectionOf(noPassword.start(async () => {}));
    expect(error).toMatchObject({ code: 'AUTH_FAILED', retryable: false });
    expect((error as Error).message).toContain('BLUESKY_APP_PASSWORD');

    const noIdentifier = h.create({ passwordEnv: 'CITY_BSKY_PASS' }, { CITY_BSKY_PASS: 'x' });
    const error2 = await rejectionOf(noIdentifier.start(async () => {}));
    expect((error2 as Error).message).toContain('BLUESKY_IDENTIFIER');
    expect(h.fake.createSessionCalls).toBe(0);
  });

  it('maps a wrong app password to AUTH_FAILED and disables the channel', async () => {
    const channel = h.create({}, { BLUESKY_IDENTIFIER: h.fake.account.handle, BLUESKY_APP_PASSWORD: 'wrong' });
    const error = await rejectionOf(channel.start(async () => {}));
    expect(error).toMatchObject({ code: 'AUTH_FAILED', retryable: false });
    expect(channel.health().state).toBe('disabled');
    await expect(channel.publish({ key: 'k', text: 'x' })).rejects.toMatchObject({ code: 'AUTH_FAILED' });
  });

  it('never writes the app password or any token to the log', async () => {
    const channel = await h.channel();
    h.fake.expireAccessTokens();
    await channel.publish({ key: 'k', text: 'hello' });
    // The first mention poll runs as soon as the channel is up; let it finish before the fault.
    await channel.pollNow();
    h.fake.inject({ kind: 'unauthorized', count: 2 });
    await channel.publish({ key: 'k2', text: 'denied' }).catch(() => undefined);
    await h.channel({}, { BLUESKY_IDENTIFIER: h.fake.account.handle, BLUESKY_APP_PASSWORD: 'wrong-pass-123' }).catch(() => undefined);

    const logs = h.logs();
    expect(logs).toContain('bluesky logged in');
    expect(logs).not.toContain(h.fake.account.password);
    expect(logs).not.toContain('wrong-pass-123');
    for (const token of h.fake.issuedTokens()) expect(logs).not.toContain(token);
    expect(logs).not.toMatch(/access-|refresh-[0-9a-f]/);
  });
});
