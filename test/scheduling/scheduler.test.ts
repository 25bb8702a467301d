import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Post } from '../../src/domain/post.js';
import type { Schedule } from '../../src/scheduling/schedule.js';
import type { Scheduler } from '../../src/scheduling/scheduler.js';
import { MemoryStore } from '../../src/store/memory/memory-store.js';
import { RedisStore } from '../../src/store/redis/redis-store.js';
import type { Store } from '../../src/store/store.js';
import { redisAvailable, useRedisServer } from '../support/redis-server.js';
import { configSchedule, makeScheduler, recordingLogger, tasksNamed } from './helpers.js';
import { errorOf } from '../support/app-error.js';

/** Monday 2026-03-09 07:00 in New York (EDT, the day after the spring change) = 11:00Z. */
const OCCURRENCE = Date.parse('2026-03-09T11:00:00Z');
let clockNow = OCCURRENCE;
const now = (): number => clockNow;

/** Runs every node-cron task of that name as if its slot came up now (the faked Date). */
async function fireTasks(name: string): Promise<number> {
  const tasks = tasksNamed(name);
  for (const task of tasks) await task.execute();
  return tasks.length;
}

const open: Scheduler[] = [];
function track<T extends { scheduler: Scheduler }>(made: T): T {
  open.push(made.scheduler);
  return made;
}

beforeEach(() => {
  // node-cron reads the wall clock (new Date()); only Date is faked, no timer runs early or late.
  vi.useFakeTimers({ toFake: ['Date'] });
  clockNow = OCCURRENCE + 250;
  vi.setSystemTime(clockNow);
});

afterEach(() => {
  for (const s of open.splice(0)) s.close();
  vi.useRealTimers();
});

describe('Scheduler: config and runtime schedules', () => {
  let store: MemoryStore;
  beforeEach(() => {
    store = new MemoryStore();
  });

  it('start() stores and registers config schedules; add() adds runtime ones, audited and listed with their next run', async () => {
    const { scheduler } = track(makeScheduler(store, now, [configSchedule({ id: 'morning' })]));
    await scheduler.start();
    const added = await scheduler.add({ id: 'evening', cron: '0 19 * * *', timeZone: 'America/New_York', channels: ['x'], text: 'Good evening', priority: 'routine', createdBy: 'user:ann' });
    expect(added).toMatchObject({ origin: 'runtime', createdAt: clockNow, createdBy: 'user:ann' });
    const listed = await scheduler.list();
    expect(listed.map((s) => [s.id, s.origin, s.nextRun])).toEqual([
      ['evening', 'runtime', '2026-03-09T23:00:00.000Z'],
      ['morning', 'config', '2026-03-10T11:00:00.000Z'],
    ]);
    expect(tasksNamed('sched:morning')).toHaveLength(1);
    expect(tasksNamed('sched:evening')).toHaveLength(1);
    expect((await store.tailAudit(5)).map((a) => [a.action, a.actor, a.target])).toEqual([['schedule.add', 'user:ann', 'evening']]);
    const error = await errorOf(scheduler.add({ id: 'evening', cron: '0 20 * * *', timeZone: 'UTC', channels: ['x'], text: 'again', priority: 'routine', createdBy: 'user:bob' }));
    expect(error.code).toBe('CONFLICT');
    expect((await store.getDoc<Schedule>('schedules', 'evening'))?.cron).toBe('0 19 * * *');
  });

  it('a config schedule removed from config stops at the next start; runtime schedules survive restarts', async () => {
    const first = track(makeScheduler(store, now, [configSchedule({ id: 'morning' }), configSchedule({ id: 'noon', cron: '0 12 * * *' })]));
    await first.scheduler.start();
    await first.scheduler.add({ id: 'extra', cron: '30 8 * * 1', timeZone: 'UTC', channels: ['x'], text: 'Weekly', priority: 'routine', createdBy: 'user:ann' });
    first.scheduler.close();
    const second = track(makeScheduler(store, now, [configSchedule({ id: 'morning', text: 'Rise and shine' })]));
    await second.scheduler.start();
    expect((await second.scheduler.list()).map((s) => s.id)).toEqual(['extra', 'morning']);
    expect(tasksNamed('sched:noon')).toEqual([]);
    expect((await store.getDoc<Schedule>('schedules', 'morning'))?.text).toBe('Rise and shine');
  });

  it('a config schedule with a bad cron or zone fails start() naming it', async () => {
    const bad = track(makeScheduler(store, now, [configSchedule({ id: 'morning' }), configSchedule({ id: 'typo', cron: '0 25 * * *' })]));
    const error = await errorOf(bad.scheduler.start());
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toContain('schedules.typo');
    expect(error.message).toContain('hour');
    const zone = track(makeScheduler(new MemoryStore(), now, [configSchedule({ id: 'zoned', timeZone: 'America/Nowhere' })]));
    expect((await errorOf(zone.scheduler.start())).message).toContain('unknown time zone "America/Nowhere"');
  });

  for (const [expression, expected] of [
    ['61 * * * *', 'minute: 61 is a invalid expression for minute'],
    ['0 7 * * funday', 'dayOfWeek'],
    ['every morning', 'expected 5 or 6 fields but got 2'],
    ['0 7 31 2 *', 'impossible day of month'],
  ] as const) {
    it(`add() rejects the bad cron "${expression}" with a clear error and stores nothing`, async () => {
      const { scheduler } = track(makeScheduler(store, now));
      await scheduler.start();
      const error = await errorOf(scheduler.add({ id: 'bad', cron: expression, timeZone: 'UTC', channels: ['x'], text: 'hi', priority: 'routine', createdBy: 'user:ann' }));
      expect(error.code).toBe('INVALID_INPUT');
      expect(error.message).toContain(`cron "${expression}"`);
      expect(error.message).toContain(expected);
      expect(await scheduler.list()).toEqual([]);
      expect(await store.tailAudit(5)).toEqual([]);
    });
  }

  it('add() rejects an unknown time zone and an unknown channel, storing nothing', async () => {
    const { scheduler } = track(makeScheduler(store, now));
    await scheduler.start();
    const zone = await errorOf(scheduler.add({ id: 'z', cron: '0 7 * * *', timeZone: 'Mars/Olympus', channels: ['x'], text: 'hi', priority: 'routine', createdBy: 'user:ann' }));
    expect(zone.code).toBe('INVALID_INPUT');
    expect(zone.message).toContain('unknown time zone "Mars/Olympus"');
    const channel = await errorOf(scheduler.add({ id: 'c', cron: '0 7 * * *', timeZone: 'UTC', channels: ['fax'], text: 'hi', priority: 'routine', createdBy: 'user:ann' }));
    expect(channel.message).toContain('unknown channel "fax"');
    expect(await store.listDocs('schedules')).toEqual([]);
    // And the scheduler still works afterwards.
    await scheduler.add({ id: 'ok', cron: '0 7 * * *', timeZone: 'UTC', channels: ['x'], text: 'hi', priority: 'routine', createdBy: 'user:ann' });
    expect((await scheduler.list()).map((s) => s.id)).toEqual(['ok']);
  });

  it('one bad stored schedule does not keep the others from running', async () => {
    await store.putDoc('schedules', 'broken', configSchedule({ id: 'broken', origin: 'runtime', timeZone: 'Mars/Olympus' }));
    const { logger, lines } = recordingLogger();
    const { scheduler } = track(makeScheduler(store, now, [configSchedule({ id: 'morning' })], logger));
    await scheduler.start();
    expect(tasksNamed('sched:morning')).toHaveLength(1);
    expect(tasksNamed('sched:broken')).toEqual([]);
    expect(lines().some((l) => l['schedule'] === 'broken' && l['level'] === 50)).toBe(true);
  });
});

describe('Scheduler: occurrences', () => {
  let store: MemoryStore;
  beforeEach(() => {
    store = new MemoryStore();
  });

  it('an occurrence becomes one post per channel with a deterministic key; firing it again adds nothing', async () => {
    const { scheduler, outbox } = track(makeScheduler(store, now, [configSchedule({ id: 'morning' })]));
    await scheduler.start();
    const schedule = configSchedule({ id: 'morning' });
    expect(await scheduler.fire(schedule, new Date(OCCURRENCE))).toBe(2);
    expect(await scheduler.fire(schedule, new Date(OCCURRENCE))).toBe(0);
    const post = await outbox.get('sched:morning:2026-03-09T11:00:00:x');
    expect(post).toMatchObject({ channel: 'x', parts: ['Good morning [x]'], dueAt: OCCURRENCE, priority: 'routine', source: 'schedule:morning', status: 'pending', createdBy: 'config' });
    expect((await store.listPosts({})).map((p) => p.id).sort()).toEqual(['sched:morning:2026-03-09T11:00:00:mastodon', 'sched:morning:2026-03-09T11:00:00:x']);
  });

  it('a schedule waiting for approval, or not started yet, posts nothing; approved and started, it posts', async () => {
    const { scheduler, outbox } = track(makeScheduler(store, now, []));
    await scheduler.start();
    const held = await scheduler.add({ id: 'held', cron: '0 7 * * 1', timeZone: 'America/New_York', channels: ['x'], text: 'Weekly {weekday}', priority: 'routine', createdBy: 'user:cal', awaitingApproval: true, startsAt: OCCURRENCE + 1 });
    expect(await scheduler.fire(held, new Date(OCCURRENCE + 7 * 86_400_000))).toBe(0);
    const approved = await scheduler.approve('held', 'user:cora');
    expect(approved.awaitingApproval).toBe(false);
    expect((await errorOf(scheduler.approve('held', 'user:cora'))).code).toBe('CONFLICT');
    // The first Monday is before startsAt: skipped. The next one goes out.
    expect(await scheduler.fire(approved, new Date(OCCURRENCE))).toBe(0);
    expect(await scheduler.fire(approved, new Date(OCCURRENCE + 7 * 86_400_000))).toBe(1);
    expect((await outbox.get('sched:held:2026-03-16T11:00:00:x'))?.parts).toEqual(['Weekly Monday [x]']);
    expect((await store.tailAudit(10)).map((a) => [a.action, a.actor])).toEqual(expect.arrayContaining([['schedule.add', 'user:cal'], ['schedule.approve', 'user:cora']]));
  });

  it('a reminder run that died half-way is finished when its job is registered again after a restart', async () => {
    const first = track(makeScheduler(store, now));
    await first.scheduler.start();
    const queued: string[] = [];
    // The first run queues one of its two posts and dies (a store failure stands in for the crash).
    first.scheduler.setJob('reminder:snow-1', '0 7 * * *', 'America/New_York', async (occurrence) => {
      queued.push(`x@${occurrence.toISOString()}`);
      throw new Error('process died here');
    });
    expect(await fireTasks('job:reminder:snow-1')).toBe(1);
    first.scheduler.close();
    expect(await store.listDocs('schedule-work')).toHaveLength(1);
    const second = track(makeScheduler(store, now));
    await second.scheduler.start();
    const resumed: string[] = [];
    second.scheduler.setJob('reminder:snow-1', '0 7 * * *', 'America/New_York', async (occurrence) => {
      resumed.push(occurrence.toISOString());
    });
    await vi.waitFor(async () => expect(await store.listDocs('schedule-work')).toEqual([]));
    expect(resumed).toEqual([new Date(OCCURRENCE).toISOString()]);
    expect(queued).toEqual([`x@${new Date(OCCURRENCE).toISOString()}`]);
  });

  it('two schedulers sharing one store fire a given occurrence once (node-cron tasks of both run)', async () => {
    const a = track(makeScheduler(store, now, [configSchedule({ id: 'morning', channels: ['x'] })]));
    const b = track(makeScheduler(store, now, [configSchedule({ id: 'morning', channels: ['x'] })]));
    await a.scheduler.start();
    await b.scheduler.start();
    expect(await fireTasks('sched:morning')).toBe(2);
    const posts = await store.listPosts({});
    expect(posts.map((p: Post) => [p.id, p.dueAt])).toEqual([['sched:morning:2026-03-09T11:00:00:x', OCCURRENCE]]);
  });

  it('a changed schedule text reaches instances whose task was registered before the change', async () => {
    const a = track(makeScheduler(store, now, [configSchedule({ id: 'morning', channels: ['x'] })]));
    await a.scheduler.start();
    // Another instance restarts with new text for the same config schedule.
    const b = track(makeScheduler(store, now, [configSchedule({ id: 'morning', channels: ['x'], text: 'New text' })]));
    await b.scheduler.start();
    b.scheduler.close();
    expect(await fireTasks('sched:morning')).toBe(1);
    expect((await store.listPosts({}))[0]?.parts).toEqual(['New text [x]']);
  });

  it('cancel stops future occurrences, on this instance at once and on others even before they sync', async () => {
    const a = track(makeScheduler(store, now));
    const b = track(makeScheduler(store, now));
    await a.scheduler.start();
    await b.scheduler.start();
    await a.scheduler.add({ id: 'promo', cron: '0 7 * * *', timeZone: 'America/New_York', channels: ['x'], text: 'Sign up', priority: 'routine', createdBy: 'user:ann' });
    await b.scheduler.sync();
    expect(tasksNamed('sched:promo')).toHaveLength(2);

    await a.scheduler.cancel('promo', 'user:bob');
    expect(await a.scheduler.list()).toEqual([]);
    expect(tasksNamed('sched:promo')).toHaveLength(1); // b has not synced yet
    expect(await fireTasks('sched:promo')).toBe(1);
    expect(await store.listPosts({})).toEqual([]);
    await b.scheduler.sync();
    expect(tasksNamed('sched:promo')).toEqual([]);
    expect((await store.tailAudit(1))[0]).toMatchObject({ action: 'schedule.cancel', actor: 'user:bob', target: 'promo' });
    expect((await errorOf(a.scheduler.cancel('promo', 'user:bob'))).code).toBe('NOT_FOUND');
  });

  it('a failing occurrence is logged with the schedule id and does not throw out of node-cron', async () => {
    await store.putDoc('schedules', 'ghost', configSchedule({ id: 'ghost', origin: 'runtime', channels: ['fax'] }));
    const { logger, lines } = recordingLogger();
    const { scheduler } = track(makeScheduler(store, now, [], logger));
    await scheduler.start();
    expect(await fireTasks('sched:ghost')).toBe(1);
    expect(lines().find((l) => l['msg'] === 'schedule occurrence failed')).toMatchObject({ schedule: 'sched:ghost', level: 50 });
  });
});

describe('Scheduler: time zones and DST', () => {
  const morning = { id: 'morning', cron: '0 7 * * *', timeZone: 'America/New_York', channels: ['x'], text: 'Good morning', priority: 'routine' as const, createdBy: 'user:ann' };

  for (const [at, next, why] of [
    ['2026-03-07T11:30:00Z', '2026-03-07T12:00:00.000Z', 'Saturday before the change: 07:00 EST = 12:00Z'],
    ['2026-03-07T12:30:00Z', '2026-03-08T11:00:00.000Z', 'across the spring change: Sunday 07:00 EDT = 11:00Z'],
    ['2026-03-08T11:30:00Z', '2026-03-09T11:00:00.000Z', 'the day after the spring change'],
    ['2026-10-31T11:30:00Z', '2026-11-01T12:00:00.000Z', 'across the fall change: Sunday 07:00 EST = 12:00Z'],
  ] as const) {
    it(`07:00 America/New_York from ${at} runs next at ${next} (${why})`, async () => {
      vi.setSystemTime(Date.parse(at));
      clockNow = Date.parse(at);
      const { scheduler } = track(makeScheduler(new MemoryStore(), now));
      await scheduler.start();
      await scheduler.add(morning);
      expect((await scheduler.list())[0]?.nextRun).toBe(next);
    });
  }

  it('an occurrence on the DST day is keyed by its UTC instant', async () => {
    const store = new MemoryStore();
    vi.setSystemTime(Date.parse('2026-03-08T11:00:00.700Z'));
    const { scheduler } = track(makeScheduler(store, now));
    await scheduler.start();
    await scheduler.add(morning);
    await fireTasks('sched:morning');
    expect((await store.listPosts({})).map((p) => p.id)).toEqual(['sched:morning:2026-03-08T11:00:00:x']);
  });
});

describe('Scheduler: reminder jobs', () => {
  it('setJob registers a job that fires with its occurrence; deleteJob removes it; schedule syncs keep it', async () => {
    const store = new MemoryStore();
    const { scheduler } = track(makeScheduler(store, now));
    await scheduler.start();
    const fired: string[] = [];
    scheduler.setJob('reminder:snow-1:0', '0 */3 * * *', 'America/New_York', async (occurrence) => {
      fired.push(occurrence.toISOString());
    });
    scheduler.setJob('reminder:snow-1:0', '0 */3 * * *', 'America/New_York', async () => {
      fired.push('duplicate');
    });
    expect(tasksNamed('job:reminder:snow-1:0')).toHaveLength(1); // same id, same cron: kept, not doubled
    await scheduler.add({ id: 'other', cron: '0 9 * * *', timeZone: 'UTC', channels: ['x'], text: 'x', priority: 'routine', createdBy: 'user:ann' });
    expect(tasksNamed('job:reminder:snow-1:0')).toHaveLength(1); // a sync keeps jobs

    expect(await fireTasks('job:reminder:snow-1:0')).toBe(1);
    expect(fired).toEqual(['2026-03-09T11:00:00.000Z']);

    scheduler.deleteJob('reminder:snow-1:0');
    expect(tasksNamed('job:reminder:snow-1:0')).toEqual([]);
    expect(await fireTasks('job:reminder:snow-1:0')).toBe(0);
    expect(fired).toHaveLength(1);
    scheduler.deleteJob('reminder:snow-1:0'); // idempotent
  });

  it('a job whose cron changes is replaced, not doubled; close() removes jobs and schedules', async () => {
    const { scheduler } = track(makeScheduler(new MemoryStore(), now, [configSchedule({ id: 'morning' })]));
    await scheduler.start();
    scheduler.setJob('r', '0 */3 * * *', 'UTC', async () => undefined);
    scheduler.setJob('r', '0 */6 * * *', 'UTC', async () => undefined);
    expect(tasksNamed('job:r').map((t) => t.getPattern())).toEqual(['0 */6 * * *']);
    scheduler.close();
    expect(tasksNamed('job:r')).toEqual([]);
    expect(tasksNamed('sched:morning')).toEqual([]);
  });

  it('a job that removes itself when it fires (as an ended emergency’s reminder does) fires no more', async () => {
    const { scheduler } = track(makeScheduler(new MemoryStore(), now));
    await scheduler.start();
    let calls = 0;
    scheduler.setJob('reminder:e:0', '0 * * * *', 'UTC', async () => {
      calls++;
      scheduler.deleteJob('reminder:e:0');
    });
    expect(await fireTasks('job:reminder:e:0')).toBe(1);
    expect(await fireTasks('job:reminder:e:0')).toBe(0);
    expect(calls).toBe(1);
  });
});

const redisEnabled = redisAvailable();

describe.skipIf(!redisEnabled)('Scheduler on Redis: two instances', () => {
  const redis = useRedisServer();
  const stores: Store[] = [];
  afterAll(async () => {
    for (const s of stores) await s.close();
  });

  it('two services sharing one Redis enqueue a given occurrence once', async () => {
    const a = new RedisStore({ url: redis.url, prefix: 'sched1:' });
    const b = new RedisStore({ url: redis.url, prefix: 'sched1:' });
    stores.push(a, b);
    const one = track(makeScheduler(a, now, [configSchedule({ id: 'morning' })]));
    const two = track(makeScheduler(b, now, [configSchedule({ id: 'morning' })]));
    await one.scheduler.start();
    await two.scheduler.start();
    const tasks = tasksNamed('sched:morning');
    expect(tasks).toHaveLength(2);
    await Promise.all(tasks.map((t) => t.execute()));
    expect((await a.listPosts({})).map((p) => p.id).sort()).toEqual(['sched:morning:2026-03-09T11:00:00:mastodon', 'sched:morning:2026-03-09T11:00:00:x']);
  });
});
