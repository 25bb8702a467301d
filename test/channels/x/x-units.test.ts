import { describe, expect, it } from 'vitest';
import { rateLimitResetMs } from '../../../src/channels/x/x-errors.js';
import { xOptionsSchema } from '../../../src/channels/x/x-options.js';
import { nextPollDelayMs } from '../../../src/channels/x/x-poll-schedule.js';
import { xRequestPlugin } from '../../../src/channels/x/x-request-plugin.js';
import { comparableText, idGreater, sameText } from '../../../src/channels/x/x-text.js';

describe('X channel helpers', () => {
  it('spaces polls from the rate-limit headers, never below the configured interval', () => {
    const now = 1_000_000_000_000;
    const reset = now / 1000 + 900;
    expect(nextPollDelayMs(60, undefined, now)).toBe(60_000);
    expect(nextPollDelayMs(60, { remaining: 1000, reset }, now)).toBe(60_000);
    // 10 calls left for 15 min (Basic tier mentions): one every 90 s.
    expect(nextPollDelayMs(60, { remaining: 10, reset }, now)).toBe(90_000);
    expect(nextPollDelayMs(60, { remaining: 0, reset }, now)).toBe(901_000);
    expect(nextPollDelayMs(60, { remaining: 0, reset: now / 1000 - 5 }, now)).toBe(60_000);
  });

  it('takes retryAt from the exhausted window, including the 24-hour posting cap', () => {
    const now = 1_000_000_000_000;
    expect(rateLimitResetMs({ limit: 100, remaining: 0, reset: now / 1000 + 60 }, undefined, now)).toBe(now + 60_000);
    expect(
      rateLimitResetMs({ limit: 100, remaining: 5, reset: now / 1000 + 60, userDay: { limit: 17, remaining: 0, reset: now / 1000 + 3600 } }, undefined, now),
    ).toBe(now + 3_600_000);
    expect(rateLimitResetMs(undefined, { 'x-rate-limit-reset': String(now / 1000 + 30) }, now)).toBe(now + 30_000);
    expect(rateLimitResetMs(undefined, {}, now)).toBe(now + 60_000);
  });

  it('compares text the way X returns it', () => {
    expect(sameText('Detours & closures: https://city.example/a?b=1 now', 'Detours &amp; closures: https://t.co/abc now')).toBe(true);
    expect(sameText('See city.gov/storm', 'See https://t.co/x')).toBe(true);
    expect(sameText('Thanks for asking', '@resident42 Thanks for asking')).toBe(true);
    expect(sameText('Shelter A open', 'Shelter B open')).toBe(false);
    expect(comparableText('  a <b>  ')).toBe('a <b>');
  });

  it('orders snowflake ids exactly', () => {
    expect(idGreater('1900000000000000002', '1900000000000000001')).toBe(true);
    expect(idGreater('1900000000000000001', '1900000000000000001')).toBe(false);
  });

  it('rewrites api.x.com to apiBase only when one is configured, and sets a timeout', () => {
    const params = { url: 'https://api.x.com/2/tweets?x=1', method: 'POST' };
    const hook = xRequestPlugin('http://127.0.0.1:4567', 5000).onBeforeRequestConfig;
    void hook?.({ params, url: new URL(params.url), client: undefined as never });
    expect(params).toMatchObject({ url: 'http://127.0.0.1:4567/2/tweets?x=1', timeout: 5000 });
    const untouched = { url: 'https://api.x.com/2/tweets', method: 'POST' };
    void xRequestPlugin('https://api.x.com', 5000).onBeforeRequestConfig?.({ params: untouched, url: new URL(untouched.url), client: undefined as never });
    expect(untouched.url).toBe('https://api.x.com/2/tweets');
  });

  it('has safe option defaults and refuses an apiBase with a path', () => {
    const o = xOptionsSchema.parse({});
    expect(o).toMatchObject({ apiBase: 'https://api.x.com', auth: 'oauth1', pollSeconds: 0, maxLength: 280, appKeyEnv: 'X_APP_KEY', refreshTokenEnv: 'X_REFRESH_TOKEN' });
    expect(xOptionsSchema.safeParse({ apiBase: 'https://proxy.example/x' }).success).toBe(false);
  });
});

describe('replyText', () => {
  it('addresses the asker once and stays within 280 weighted characters', async () => {
    const { replyText } = await import('../../../src/channels/x/x-text.js');
    const { measureLength } = await import('../../../src/templates/measure-length.js');
    expect(replyText('Yes.', 'resident')).toBe('@resident Yes.');
    expect(replyText('@Resident Yes.', 'resident')).toBe('@Resident Yes.');
    expect(replyText('Yes.', undefined)).toBe('Yes.');
    expect(replyText('Yes.', 'not a handle!')).toBe('Yes.');
    const long = replyText('word '.repeat(60).trim(), 'resident_with15');
    expect(measureLength(long, 'weighted')).toBeLessThanOrEqual(280);
    expect(long.endsWith('…')).toBe(true);
  });
});
