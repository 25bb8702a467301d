import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logging/logger.js';
import { startService } from '../../src/main.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { makeTestConfig, testEnv } from '../support/test-config.js';

const BIN = path.resolve('bin/civicast.js');

describe('civicast backup', () => {
  it('copies the embedded store through the running service, and directly when none runs', async () => {
    const { dir, configDir } = makeTestConfig();
    const stateDir = path.join(dir, 'state');
    const env = { CIVICAST_CONFIG_DIR: configDir, STATE_DIR: stateDir };
    // Asynchronous: the service answering the CLI runs in this process.
    const cli = (...args: string[]) =>
      new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, [BIN, ...args], { cwd: dir, env: { ...process.env, ...env } });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        child.once('exit', (status) => resolve({ status, stdout, stderr }));
      });
    const svc = await startService({ env: testEnv(configDir, { STATE_DIR: stateDir, ADMIN_TOKEN: 'backup-token-1234567' }), logger: createLogger({ level: 'silent' }), runtimeDir: path.join(dir, '.civicast') });
    try {
      await svc.services.pause.set(true, 'user:ops', Date.now());
      await svc.services.outbox.enqueueAll(svc.services.composePosts({ text: 'Tomorrow: street cleaning resumes.', channels: ['console'], at: Date.now() + 3_600_000, actor: 'user:maria' }));
      const live = await cli('backup', 'backups/live.db');
      expect(live.stderr).toBe('');
      expect(live.stdout).toMatch(new RegExp(`^backup written: ${path.join(dir, 'backups', 'live.db').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(\\d+ KiB in \\d+ ms\\)\\n$`));
      expect((await svc.services.store.queryAudit({ action: 'store.backup' })).map((e) => e.target)).toEqual([path.join(dir, 'backups', 'live.db')]);
      const again = await cli('backup', 'backups/live.db');
      expect(again.status).toBe(1);
      expect(again.stderr).toMatch(/exists; choose a new file name/);
    } finally {
      await svc.close();
    }
    const offline = await cli('backup', 'backups/offline.db');
    expect(offline.stderr).toBe('');
    expect(offline.status).toBe(0);
    for (const name of ['live.db', 'offline.db']) {
      const copy = new SqliteStore({ file: path.join(dir, 'backups', name) });
      expect((await copy.listPosts({ status: 'pending' })).map((p) => p.parts)).toEqual([['Tomorrow: street cleaning resumes.']]);
      expect(await copy.getDoc('control', 'pause')).toMatchObject({ paused: true });
      await copy.close();
    }
  }, 120_000);
});
