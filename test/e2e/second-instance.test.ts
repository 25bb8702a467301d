import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../src/domain/errors.js';
import { createLogger } from '../../src/logging/logger.js';
import { startService, type RunningService } from '../../src/main.js';
import { StateLockedError } from '../../src/store/sqlite/sqlite-store.js';
import { makeTestConfig, testEnv } from '../support/test-config.js';

const logger = createLogger({ level: 'silent' });
const failure = (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => error);

/**
 * A second `civicast start` must stop before it posts: the issue saw one send the demo campaign's
 * 8 posts before it failed on the busy port. Both second instances here have the demo feed on, so
 * anything they posted would be in their own posts file.
 */
describe('a second instance', () => {
  let first: RunningService | undefined;
  afterEach(async () => {
    await first?.close();
  });

  it('on the same embedded state refuses to start, naming the file, and posts nothing', async () => {
    const one = makeTestConfig();
    const stateDir = path.join(one.dir, 'state');
    first = await startService({ env: testEnv(one.configDir, { STATE_DIR: stateDir, ADMIN_TOKEN: 'first-token-1234567' }), logger, runtimeDir: path.join(one.dir, 'run') });
    const two = makeTestConfig({}, { keepDemoFeed: true });
    const refused = await failure(startService({ env: testEnv(two.configDir, { STATE_DIR: stateDir, ADMIN_TOKEN: 'second-token-123456' }), logger, runtimeDir: path.join(two.dir, 'run') }));
    expect(refused).toBeInstanceOf(StateLockedError);
    expect((refused as Error).message).toBe(`${path.join(stateDir, 'civicast.db')} is in use by another civicast process. Only one service may run on an embedded state directory: stop the other one (or give this one its own STATE_DIR; several instances need REDIS_URL).`);
    expect(fs.existsSync(two.postsFile)).toBe(false);
    // The first one is untouched.
    expect(await first.services.store.ping()).toBe(true);
  });

  it('on a busy port refuses to start, naming the port, and posts nothing', async () => {
    const one = makeTestConfig();
    first = await startService({ env: testEnv(one.configDir, { ADMIN_TOKEN: 'first-token-1234567' }), logger, runtimeDir: path.join(one.dir, 'run') });
    const port = new URL(first.url as string).port;
    const two = makeTestConfig({}, { keepDemoFeed: true });
    const refused = await failure(startService({ env: testEnv(two.configDir, { STATE_DIR: path.join(two.dir, 'state'), HTTP_PORT: port, ADMIN_TOKEN: 'second-token-123456' }), logger, runtimeDir: path.join(two.dir, 'run') }));
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).message).toBe(`HTTP port 127.0.0.1:${port} is in use (another civicast, or another program); nothing was started or posted`);
    expect(fs.existsSync(two.postsFile)).toBe(false);
    // It let go of its state: the next start on it works.
    const again = await startService({ env: testEnv(two.configDir, { STATE_DIR: path.join(two.dir, 'state'), ADMIN_TOKEN: 'third-token-1234567' }), logger, runtimeDir: path.join(two.dir, 'run-2') });
    await again.close();
  });
});
