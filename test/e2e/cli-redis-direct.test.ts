import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RedisStore } from '../../src/store/redis/redis-store.js';
import { redisAvailable, useRedisServer } from '../support/redis-server.js';
import { makeTestConfig } from '../support/test-config.js';

const BIN = path.resolve('bin/civicast.js');

describe.skipIf(!redisAvailable())('CLI with REDIS_URL and no running service', () => {
  const redis = useRedisServer();

  it('queues posts, pauses and lists straight through the shared store', async () => {
    const { dir, configDir } = makeTestConfig();
    const env = { ...process.env, CIVICAST_CONFIG_DIR: configDir, REDIS_URL: redis.url, REDIS_PREFIX: 'cli:', LOG_LEVEL: 'silent' };
    const run = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { cwd: dir, env, encoding: 'utf8', timeout: 60_000 });
    const post = run('post', '--channel', 'console,audit', '--text', 'Snow routes: move your car by 6 pm.', '--at', '2030-01-01T12:00:00Z');
    expect(post.stderr).toBe('');
    expect(post.stdout).toMatch(/queued 2 post/);
    expect(run('pause', '--reason', 'checking wording').status).toBe(0);
    const list = run('outbox', 'list', '--status', 'pending', '--json');
    const posts = JSON.parse(list.stdout) as { channel: string; dueAt: number }[];
    expect(posts.map((p) => p.channel).sort()).toEqual(['audit', 'console']);
    const store = new RedisStore({ url: redis.url, prefix: 'cli:' });
    expect((await store.getDoc<{ paused: boolean }>('control', 'pause'))?.paused).toBe(true);
    expect((await store.tailAudit(10)).map((e) => e.action)).toEqual(expect.arrayContaining(['post.create', 'outbox.pause']));
    await store.close();
  }, 120_000);
});
