import pino from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CronRegistry } from '../../src/scheduling/cron-registry.js';
import { recordingLogger, tasksNamed } from './helpers.js';

describe('CronRegistry', () => {
  const registries: CronRegistry[] = [];
  afterEach(() => {
    for (const r of registries.splice(0)) r.close();
    vi.useRealTimers();
  });

  it('check() accepts 5- and 6-field expressions and nicknames, and explains what is wrong otherwise', () => {
    expect(CronRegistry.check('0 7 * * *')).toBeUndefined();
    expect(CronRegistry.check('30 0 7 * * 1-5')).toBeUndefined();
    expect(CronRegistry.check('0 25 * * *')).toBe('hour: 25 is a invalid expression for hour');
    expect(CronRegistry.check('* * *')).toBe('expression: expected 5 or 6 fields but got 3');
    expect(CronRegistry.check('0 7 * * mon; rm -rf')).toContain('illegal characters');
  });

  it('set() with the same cron and zone keeps the task; a change replaces it; retain() drops the rest', () => {
    const registry = new CronRegistry(pino({ level: 'silent' }));
    registries.push(registry);
    const handler = async (): Promise<void> => undefined;
    registry.set({ id: 'a', cron: '0 7 * * *', timeZone: 'UTC', handler });
    const first = tasksNamed('a')[0];
    registry.set({ id: 'a', cron: '0 7 * * *', timeZone: 'UTC', handler });
    expect(tasksNamed('a')).toEqual([first]);
    registry.set({ id: 'a', cron: '0 7 * * *', timeZone: 'Europe/Paris', handler });
    expect(tasksNamed('a')).toHaveLength(1);
    expect(tasksNamed('a')[0]).not.toBe(first);
    registry.set({ id: 'job:b', cron: '0 8 * * *', timeZone: 'UTC', handler });
    registry.set({ id: 'c', cron: '0 9 * * *', timeZone: 'UTC', handler });
    registry.retain((id) => id === 'a' || id.startsWith('job:'));
    expect(registry.ids().sort()).toEqual(['a', 'job:b']);
    expect(tasksNamed('c')).toEqual([]);
    expect(registry.nextRun('c')).toBeNull();
  });

  it('passes the occurrence without milliseconds and logs (does not throw) a failing handler', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.parse('2026-02-02T14:00:00.987Z'));
    const { logger, lines } = recordingLogger();
    const registry = new CronRegistry(logger);
    registries.push(registry);
    const seen: number[] = [];
    registry.set({
      id: 'boom',
      cron: '0 * * * *',
      timeZone: 'UTC',
      handler: async (occurrence) => {
        seen.push(occurrence.getTime());
        throw new Error('platform down');
      },
    });
    const [task] = tasksNamed('boom');
    await task?.execute();
    expect(seen).toEqual([Date.parse('2026-02-02T14:00:00.000Z')]);
    expect(lines().find((l) => l['msg'] === 'schedule occurrence failed')).toMatchObject({ schedule: 'boom', err: { message: 'platform down' } });
  });
});
