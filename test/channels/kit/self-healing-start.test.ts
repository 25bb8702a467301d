import { describe, expect, it } from 'vitest';
import { HealthTracker } from '../../../src/channels/kit/health-tracker.js';
import { SelfHealingStart } from '../../../src/channels/kit/self-healing-start.js';
import { AppError } from '../../../src/domain/errors.js';
import { capturedLogger } from '../../support/channel-test-deps.js';

function starter(connect: () => Promise<void>, check: () => void = () => undefined) {
  const log = capturedLogger('debug');
  const health = new HealthTracker({ now: () => Date.now() }, log.logger);
  let ups = 0;
  const start = new SelfHealingStart({ health, logger: log.logger, clock: { now: () => Date.now() }, check, connect, onUp: () => void (ups += 1), retry: { startRetryBaseMs: 20, startRetryMaxMs: 80 }, random: () => 0.5 });
  return { start, health, ups: () => ups, log };
}

describe('kit self-healing start', () => {
  it('a passing failure leaves the channel down with the reason, retried with backoff until it is up', async () => {
    let calls = 0;
    const s = starter(async () => {
      calls += 1;
      if (calls === 1) throw new AppError('RATE_LIMITED', 'credential check: 429', { retryable: true });
      if (calls === 2) throw new AppError('NETWORK', 'connection reset', { retryable: true });
    });
    await s.start.start(); // resolves: retrying goes on in the background
    expect(s.health.get()).toMatchObject({ state: 'down', reason: 'credential check: 429', retryAt: expect.any(Number) });
    await expect.poll(() => s.health.get().state, { timeout: 5_000 }).toBe('ok');
    expect(calls).toBe(3);
    expect(s.ups()).toBe(1);
    // WARN, not ERROR: a 429 and a reset are routine.
    expect(s.log.lines().filter((l) => (l['level'] as number) >= 50)).toEqual([]);
    s.start.close();
  });

  it('missing configuration disables the channel and rejects at once, without calling the platform', async () => {
    let calls = 0;
    const s = starter(
      async () => void (calls += 1),
      () => {
        throw new AppError('AUTH_FAILED', 'set MY_TOKEN', { retryable: false });
      },
    );
    await expect(s.start.start()).rejects.toMatchObject({ code: 'AUTH_FAILED' });
    expect(s.health.get().state).toBe('disabled');
    expect(calls).toBe(0);
  });

  it('refused credentials disable the channel and reject, but are checked again later', async () => {
    const s = starter(async () => {
      throw new AppError('AUTH_FAILED', '401', { retryable: false });
    });
    await expect(s.start.start()).rejects.toMatchObject({ code: 'AUTH_FAILED' });
    expect(s.health.get()).toMatchObject({ state: 'disabled', retryAt: expect.any(Number) });
    expect((s.health.get().retryAt ?? 0) - Date.now()).toBeGreaterThan(10 * 60_000);
    s.start.close();
  });
});
