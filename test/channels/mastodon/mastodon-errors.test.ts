import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../src/domain/errors.js';
import { startFakeMastodon, type FakeMastodon } from '../../fakes/mastodon/fake-mastodon-server.js';
import { makeChannel, type Harness } from './mastodon-harness.js';

async function publishError(h: Harness, key: string, text: string): Promise<AppError> {
  const error = await h.channel.publish({ key, text }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe('mastodon channel: failures', () => {
  const TOKEN = 'tok-very-secret-4242';
  let fake: FakeMastodon;
  let h: Harness;

  beforeAll(async () => {
    fake = await startFakeMastodon({ token: TOKEN });
    h = makeChannel(fake, { pollSeconds: 0 });
    await h.channel.start(async () => {});
  });
  afterAll(async () => {
    await h.channel.close();
    await fake.close();
  });

  it('429 → RATE_LIMITED with retryAt from the ISO 8601 X-RateLimit-Reset', async () => {
    fake.rateLimitResetAt = new Date(Math.floor(Date.now() / 1000) * 1000 + 240_000);
    fake.fail('rate-limit', { match: 'POST /api/v1/statuses' });
    const error = await publishError(h, 'rl', 'rate limited');
    expect(error.code).toBe('RATE_LIMITED');
    expect(error.retryable).toBe(true);
    expect(error.retryAt).toBe(fake.rateLimitResetAt.getTime());
    expect(error.mayHaveSucceeded).toBe(false);
    expect(h.channel.health().state).toBe('degraded');
    expect(fake.posted().some((s) => s.text === 'rate limited')).toBe(false);
    await h.channel.publish({ key: 'after-rl', text: 'recovered' });
    expect(h.channel.health().state).toBe('ok');
  });

  it('500 on a post → PLATFORM_UNAVAILABLE, retryable, and it may have succeeded', async () => {
    fake.fail('server-error', { match: 'POST /api/v1/statuses' });
    const error = await publishError(h, 'e500', 'server error');
    expect(error.code).toBe('PLATFORM_UNAVAILABLE');
    expect(error.retryable).toBe(true);
    expect(error.mayHaveSucceeded).toBe(true);
  });

  it('an HTML 502 from a proxy → retryable and possibly delivered', async () => {
    fake.fail('bad-gateway-html', { match: 'POST /api/v1/statuses' });
    const error = await publishError(h, 'e502', 'bad gateway');
    // An HTML page where JSON belongs: an answer nobody can read, so the outcome is unknown.
    expect(error.code).toBe('OUTCOME_UNKNOWN');
    expect(error.retryable).toBe(true);
    expect(error.mayHaveSucceeded).toBe(true);
  });

  it('lost response → mayHaveSucceeded; lookup finds the post; a resend creates no copy', async () => {
    const since = Date.now();
    const text = 'Evacuation order lifted for Zone B.';
    fake.fail('lost-response', { match: 'POST /api/v1/statuses' });
    const error = await publishError(h, 'lost-1', text);
    expect(error.code).toBe('OUTCOME_UNKNOWN');
    expect(error.retryable).toBe(true);
    expect(error.mayHaveSucceeded).toBe(true);
    expect(fake.posted().filter((s) => s.text === text)).toHaveLength(1);

    const result = await h.channel.lookup({ key: 'lost-1', text, since });
    const stored = fake.posted().find((s) => s.text === text);
    expect(result).toEqual({ found: true, ref: { id: stored?.id, url: `https://${fake.host}/@cityalerts/${stored?.id}` } });

    // Even if a caller resent blindly, the Idempotency-Key makes the instance return the same status.
    const again = await h.channel.publish({ key: 'lost-1', text });
    expect(again.id).toBe(stored?.id);
    expect(fake.posted().filter((s) => s.text === text)).toHaveLength(1);
  });

  it('lookup throws a retryable error while the instance is briefly unavailable, and answers once it is back', async () => {
    fake.fail('server-error', { match: '/statuses', times: 1 });
    // Thrown, not "unknown": the dispatcher asks again later instead of parking the post.
    await expect(h.channel.lookup({ key: 'x', text: 'anything', since: Date.now() })).rejects.toMatchObject({ code: 'PLATFORM_UNAVAILABLE', retryable: true });
    expect(await h.channel.lookup({ key: 'x', text: 'anything', since: Date.now() })).toEqual({ found: false });
  });

  it('422 (too long) → REJECTED, not retryable', async () => {
    const error = await publishError(h, 'long', 'y'.repeat(501));
    expect(error.code).toBe('REJECTED');
    expect(error.retryable).toBe(false);
  });

  it('a refused connection → NETWORK, retryable, cannot have succeeded', async () => {
    const dead = http.createServer();
    await new Promise<void>((resolve) => dead.listen(0, '127.0.0.1', resolve));
    const port = (dead.address() as AddressInfo).port;
    await new Promise<void>((resolve) => dead.close(() => resolve()));
    const offline = makeChannel({ ...fake, url: `http://127.0.0.1:${port}` }, { pollSeconds: 0 });
    const error = await publishError(offline, 'refused', 'nobody home');
    expect(error.code).toBe('NETWORK');
    expect(error.retryable).toBe(true);
    expect(error.mayHaveSucceeded).toBe(false);
  });

  it('401 → AUTH_FAILED, not retryable, health disabled', async () => {
    fake.fail('unauthorized', { match: 'POST /api/v1/statuses' });
    const error = await publishError(h, 'e401', 'unauthorized');
    expect(error.code).toBe('AUTH_FAILED');
    expect(error.retryable).toBe(false);
    expect(h.channel.health().state).toBe('disabled');
    expect(h.channel.health().reason).toContain('401');
  });

  it('a wrong token fails start with AUTH_FAILED', async () => {
    const wrong = makeChannel(fake, { pollSeconds: 0 }, undefined, { MASTODON_TOKEN: 'not-the-token' });
    await expect(wrong.channel.start(async () => {})).rejects.toMatchObject({ code: 'AUTH_FAILED' });
    expect(wrong.channel.health().state).toBe('disabled');
  });

  it('a missing token fails start with AUTH_FAILED naming the variable', async () => {
    const none = makeChannel(fake, { pollSeconds: 0, tokenEnv: 'CITY_MASTO_TOKEN' }, undefined, {});
    await expect(none.channel.start(async () => {})).rejects.toMatchObject({ code: 'AUTH_FAILED', message: expect.stringContaining('CITY_MASTO_TOKEN') as unknown });
  });

  it('never logs the access token', () => {
    expect(h.logs().length).toBeGreaterThan(0);
    expect(h.logs()).not.toContain(TOKEN);
  });
});
