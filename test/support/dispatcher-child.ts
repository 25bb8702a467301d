/**
 * A child process that runs the real dispatcher (and optionally the scheduler) against a store
 * and the file channel, until it is killed. Crash and multi-instance tests spawn it.
 *
 * Env: STATE_DIR (the embedded SQLite store's directory) or REDIS_URL (+REDIS_PREFIX), OUT_FILE, INSTANCE_ID, SEND_DELAY_MS (sleep around
 * each append, so kills land mid-send), SCHEDULE_CRON (adds a schedule to the file channel).
 */
import { createFileChannel } from '../../src/channels/file/file-channel.js';
import type { Channel } from '../../src/channels/channel.js';
import { channelCommonSchema } from '../../src/config/schema.js';
import { systemClock } from '../../src/domain/clock.js';
import { createLogger } from '../../src/logging/logger.js';
import { Dispatcher } from '../../src/outbox/dispatcher.js';
import { Outbox } from '../../src/outbox/outbox.js';
import { PauseSwitch } from '../../src/outbox/pause-switch.js';
import { Scheduler } from '../../src/scheduling/scheduler.js';
import path from 'node:path';
import { BoundedStore } from '../../src/store/bounded-store.js';
import { RedisStore } from '../../src/store/redis/redis-store.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import type { Store } from '../../src/store/store.js';

const env = process.env;
const logger = createLogger({ level: env['LOG_LEVEL'] ?? 'warn' });
// Bounded as in the service: a frozen Redis makes calls fail within STORE_TIMEOUT_MS, not hang.
const store: Store = new BoundedStore(
  env['REDIS_URL'] !== undefined
    ? new RedisStore({ url: env['REDIS_URL'], prefix: env['REDIS_PREFIX'] ?? 'civicast:' })
    : new SqliteStore({ file: path.join(env['STATE_DIR'] as string, 'civicast.db') }),
  { timeoutMs: Number(env['STORE_TIMEOUT_MS'] ?? 1000) },
);
const delay = Number(env['SEND_DELAY_MS'] ?? 0);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const inner = createFileChannel('file', { path: env['OUT_FILE'] as string, maxLength: 5000 }, {
  logger,
  clock: systemClock,
  secret: () => undefined,
  state: { get: async () => undefined, set: async () => {} },
});
const channel: Channel = {
  ...inner,
  async publish(request) {
    if (delay > 0) await sleep(Math.random() * delay);
    const ref = await inner.publish(request);
    if (delay > 0) await sleep(Math.random() * delay);
    return ref;
  },
};
const instanceId = env['INSTANCE_ID'] ?? `child-${process.pid}`;
const dispatcher = new Dispatcher({
  store,
  channels: new Map([['file', channel]]),
  channelConfigs: { file: channelCommonSchema.parse({ kind: 'file', rateLimit: { perMinute: 100_000 } }) },
  outbox: {
    pollIntervalMs: 20,
    claimBatch: 10,
    leaseMs: Number(env['LEASE_MS'] ?? 2000),
    sendTimeoutMs: 1000,
    maxAttempts: 8,
    backoffBaseMs: 50,
    backoffMaxMs: 500,
    routineMaxDelayMinutes: 60,
    retentionDays: 1,
  },
  pause: new PauseSwitch(store),
  clock: systemClock,
  logger,
  instanceId,
});
dispatcher.start();
if (env['SCHEDULE_CRON'] !== undefined) {
  const scheduler = new Scheduler({
    store,
    outbox: new Outbox(store, systemClock),
    clock: systemClock,
    logger,
    resolveChannels: (names) => names,
    compose: (text) => [text],
    configured: [{ id: 'tick', cron: env['SCHEDULE_CRON'], timeZone: 'UTC', channels: ['file'], text: 'scheduled tick', priority: 'routine', origin: 'config', createdBy: 'config', createdAt: 0 }],
  });
  await scheduler.start();
}
process.stdout.write('ready\n');
