/** Finding 9: state that holds tokens and residents' words is readable by the service's user only. */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/logging/logger.js';
import { startService, type RunningService } from '../../../src/main.js';
import { waitFor } from '../../support/child-process.js';
import { makeTestConfig, testEnv } from '../../support/test-config.js';

const mode = (file: string) => fs.statSync(file).mode & 0o777;

describe('finding 9: state files are 0600 in 0700 folders', () => {
  let svc: RunningService;
  let dir = '';
  let postsFile = '';
  beforeAll(async () => {
    const made = makeTestConfig();
    dir = made.dir;
    postsFile = made.postsFile;
    // A file left by an older version with the usual 0644 is tightened too.
    fs.writeFileSync(postsFile, '', { mode: 0o644 });
    fs.chmodSync(postsFile, 0o644);
    svc = await startService({ env: testEnv(made.configDir, { ADMIN_TOKEN: 'state-files-token-0123456789', STATE_DIR: path.join(dir, 'state') }), logger: createLogger({ level: 'silent' }), runtimeDir: path.join(dir, 'run') });
  });
  afterAll(async () => svc?.close());

  it('runtime file, database and file channel output', async () => {
    const { services } = svc;
    await services.outbox.enqueueAll(services.composePosts({ text: 'Hydrant flushing on Elm St.', channels: ['audit'], actor: 'user:test' }));
    await services.store.appendAudit({ at: Date.now(), actor: 'user:test', action: 'test.entry' });
    await waitFor(() => fs.existsSync(postsFile) && fs.readFileSync(postsFile, 'utf8').includes('Hydrant'), 10_000, 'the post in the file channel');
    expect(mode(path.join(dir, 'run'))).toBe(0o700);
    expect(mode(path.join(dir, 'run', 'admin.json'))).toBe(0o600);
    expect(mode(path.join(dir, 'state'))).toBe(0o700);
    // The embedded database and its write-ahead log (posts, sessions, audit).
    const stateFiles = fs.readdirSync(path.join(dir, 'state'));
    expect(stateFiles).toContain('civicast.db');
    for (const file of stateFiles) expect(mode(path.join(dir, 'state', file)), file).toBe(0o600);
    expect(mode(postsFile)).toBe(0o600);
  });
});
