import cron, { type ScheduledTask } from 'node-cron';
import pino, { type Logger } from 'pino';
import { AppError } from '../../src/domain/errors.js';
import { Outbox } from '../../src/outbox/outbox.js';
import type { Schedule } from '../../src/scheduling/schedule.js';
import { Scheduler } from '../../src/scheduling/scheduler.js';
import type { Store } from '../../src/store/store.js';
import { capturedLogger } from '../support/channel-test-deps.js';

export const CHANNELS = ['x', 'mastodon'];

export function resolveChannels(names: string[]): string[] {
  const out = new Set<string>();
  for (const name of names) {
    if (name === 'all') CHANNELS.forEach((c) => out.add(c));
    else if (CHANNELS.includes(name)) out.add(name);
    else throw new AppError('INVALID_INPUT', `unknown channel "${name}"`);
  }
  return [...out];
}

/** A logger whose JSON lines tests can read. */
export function recordingLogger(): { logger: Logger; lines: () => Record<string, unknown>[] } {
  const { logger, lines } = capturedLogger('debug');
  return { logger, lines };
}

export function configSchedule(overrides: Partial<Schedule> & Pick<Schedule, 'id'>): Schedule {
  return { cron: '0 7 * * *', timeZone: 'America/New_York', channels: ['all'], text: 'Good morning', priority: 'routine', origin: 'config', createdBy: 'config', createdAt: 0, ...overrides };
}

export function makeScheduler(store: Store, now: () => number, configured: Schedule[] = [], logger: Logger = pino({ level: 'silent' })): { scheduler: Scheduler; outbox: Outbox } {
  const clock = { now };
  const outbox = new Outbox(store, clock);
  const scheduler = new Scheduler({
    store,
    outbox,
    clock,
    logger,
    resolveChannels,
    compose: (text, channel) => [`${text} [${channel}]`],
    configured,
    syncIntervalMs: 3_600_000, // sync only when a test asks for it
  });
  return { scheduler, outbox };
}

/** node-cron tasks registered under a name (every Scheduler instance in this process). */
export function tasksNamed(name: string): ScheduledTask[] {
  return [...cron.getTasks().values()].filter((t) => t.name === name);
}
