import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createFileChannel } from '../src/channels/file/file-channel.js';
import { channelCommonSchema, configSchema } from '../src/config/schema.js';
import { systemClock } from '../src/domain/clock.js';
import { newPost } from '../src/domain/post.js';
import { createLogger } from '../src/logging/logger.js';
import { Dispatcher } from '../src/outbox/dispatcher.js';
import { PauseSwitch } from '../src/outbox/pause-switch.js';
import { RedisStore } from '../src/store/redis/redis-store.js';
import { MemoryStore } from '../src/store/memory/memory-store.js';
import type { Store } from '../src/store/store.js';
import { startRedis } from '../test/support/redis-server.js';
import type { BenchRow } from './bench-row.js';
import { ms, percentile } from './stats.js';

/** Enqueues `count` due posts and dispatches them to a file channel; throughput and enqueue→sent latency. */
export async function runDispatch(store: Store, count: number): Promise<{ perSecond: number; p50: number; p99: number }> {
  const logger = createLogger({ level: 'silent' });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'civicast-bench-'));
  const file = path.join(dir, 'out.jsonl');
  const channel = createFileChannel('file', { path: file, maxLength: 5000 }, { logger, clock: systemClock, secret: () => undefined, state: { get: async () => undefined, set: async () => {} } });
  const sentAt = new Map<string, number>();
  const dispatcher = new Dispatcher({
    store,
    channels: new Map([['file', channel]]),
    channelConfigs: { file: channelCommonSchema.parse({ kind: 'file', rateLimit: { perMinute: 1_000_000 } }) },
    outbox: configSchema.shape.outbox.parse({ pollIntervalMs: 10, claimBatch: 50 }),
    pause: new PauseSwitch(store),
    clock: systemClock,
    logger,
    instanceId: 'bench',
    observer: { onResult: (post) => sentAt.set(post.id, Date.now()) },
  });
  const enqueuedAt = new Map<string, number>();
  const started = Date.now();
  for (let i = 0; i < count; i++) {
    const id = `b-${i}`;
    enqueuedAt.set(id, Date.now());
    await store.enqueuePost(newPost({ id, channel: 'file', parts: [`post ${i}`], priority: i % 10 === 0 ? 'urgent' : 'routine', dueAt: Date.now(), source: 'bench' }, Date.now()));
    if (i === 0) dispatcher.start();
  }
  while (sentAt.size < count) await new Promise((r) => setTimeout(r, 5));
  const elapsed = Date.now() - started;
  await dispatcher.close();
  const latencies = [...sentAt].map(([id, at]) => at - (enqueuedAt.get(id) ?? at));
  return { perSecond: (count / elapsed) * 1000, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

/** Outbox → file channel throughput and enqueue-to-sent latency, embedded store and real Redis. */
export async function benchDispatch(count = 3000): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const memory = await runDispatch(new MemoryStore(), count);
  rows.push({ name: 'outbox dispatch, embedded store → file channel', value: `${Math.round(memory.perSecond)} posts/s`, note: `enqueue→sent p50 ${ms(memory.p50)}, p99 ${ms(memory.p99)}, ${count} posts` });
  const redis = await startRedis();
  try {
    const store = new RedisStore({ url: redis.url, prefix: 'bench:' });
    const result = await runDispatch(store, count);
    await store.close();
    rows.push({ name: 'outbox dispatch, Redis → file channel', value: `${Math.round(result.perSecond)} posts/s`, note: `enqueue→sent p50 ${ms(result.p50)}, p99 ${ms(result.p99)}, ${count} posts` });
  } finally {
    await redis.stop();
  }
  return rows;
}
