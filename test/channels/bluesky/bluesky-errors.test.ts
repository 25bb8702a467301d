import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Harness } from './harness.js';
import { harness } from './harness.js';

const CREATE = 'com.atproto.repo.createRecord';

describe('bluesky error mapping and reconciliation', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness();
  });
  afterEach(async () => {
    await h.close();
  });

  it('maps 429 to RATE_LIMITED with retryAt from ratelimit-reset', async () => {
    const channel = await h.channel();
    const resetAt = Math.ceil(Date.now() / 1000) + 900;
    h.fake.inject({ kind: 'rate-limit', count: 1, method: CREATE, resetAt });
    const error = await channel.publish({ key: 'k', text: 'x' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'RATE_LIMITED', retryable: true, retryAt: resetAt * 1000, mayHaveSucceeded: false });
    expect(channel.health().state).toBe('degraded');
    expect(h.fake.ownPosts()).toHaveLength(0);

    await channel.publish({ key: 'k', text: 'x' });
    expect(channel.health().state).toBe('ok');
  });

  it('maps 500 on a post to a retryable PLATFORM_UNAVAILABLE that may have succeeded', async () => {
    const channel = await h.channel();
    h.fake.inject({ kind: 'server-error', count: 1, method: CREATE });
    const error = await channel.publish({ key: 'k', text: 'x' }).catch((e: unknown) => e);
    // The 500 came after the request was sent: the record may exist, so it is settled, never resent blind.
    expect(error).toMatchObject({ code: 'PLATFORM_UNAVAILABLE', retryable: true, mayHaveSucceeded: true });
  });

  it('reports a lost response as OUTCOME_UNKNOWN and lookup then finds the single copy', async () => {
    const channel = await h.channel();
    const since = Date.now();
    const request = { key: 'alert/1', text: 'Evacuate zone B now. https://city.example.org/b' };
    h.fake.inject({ kind: 'lost-response', count: 1, method: CREATE });
    const error = await channel.publish(request).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'OUTCOME_UNKNOWN', retryable: true, mayHaveSucceeded: true });

    const result = await channel.lookup({ ...request, since });
    const posts = h.fake.ownPosts();
    expect(posts).toHaveLength(1);
    expect(result).toEqual({ found: true, ref: { id: posts[0]!.uri, url: expect.stringContaining('https://bsky.app/profile/') } });
  });

  it('lookup says not found for other text, older posts, or another parent', async () => {
    const channel = await h.channel();
    const first = await channel.publish({ key: 'a', text: 'Same text' });
    const since = Date.now() + 5_000;
    expect(await channel.lookup({ key: 'a', text: 'Same text', since })).toEqual({ found: false });
    expect(await channel.lookup({ key: 'b', text: 'Other text', since: Date.now() - 60_000 })).toEqual({ found: false });

    const start = Date.now() - 1;
    const reply = await channel.publish({ key: 'c', text: 'Part 2', inReplyTo: first });
    expect(await channel.lookup({ key: 'c', text: 'Part 2', since: start, inReplyTo: first })).toEqual({
      found: true,
      ref: { id: reply.id, url: reply.url },
    });
    expect(await channel.lookup({ key: 'c', text: 'Part 2', since: start, inReplyTo: { id: reply.id } })).toEqual({ found: false });
  });

  it('lookup throws a retryable error while the platform is briefly unavailable, and answers once it is back', async () => {
    const channel = await h.channel();
    h.fake.inject({ kind: 'server-error', count: 1, method: 'app.bsky.feed.getAuthorFeed' });
    // Thrown, not "unknown": the dispatcher asks again later instead of parking the post.
    await expect(channel.lookup({ key: 'k', text: 'x', since: Date.now() })).rejects.toMatchObject({ retryable: true });
    expect(await channel.lookup({ key: 'k', text: 'x', since: Date.now() })).toEqual({ found: false });
  });

  it('maps 401 to AUTH_FAILED and disables the channel', async () => {
    const channel = await h.channel();
    // The agent retries a 401 after refreshing; the refresh is refused too, as when the app
    // password was revoked.
    // The first mention poll runs as soon as the channel is up; let it finish before the fault.
    await channel.pollNow();
    h.fake.inject({ kind: 'unauthorized', count: 2 });
    const error = await channel.publish({ key: 'k', text: 'x' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'AUTH_FAILED', retryable: false });
    expect(channel.health()).toMatchObject({ state: 'disabled', reason: expect.any(String) });
    expect(h.fake.ownPosts()).toHaveLength(0);
    // The dead session is not kept for the next start.
    expect(await h.state.get('session')).toBeNull();
  });

  it('maps a hung PDS to OUTCOME_UNKNOWN on a write (timeout)', async () => {
    const channel = await h.channel({ timeoutMs: 200 });
    h.fake.hang(CREATE);
    const error = await channel.publish({ key: 'k', text: 'x' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'OUTCOME_UNKNOWN', mayHaveSucceeded: true, retryable: true });
  });
});
