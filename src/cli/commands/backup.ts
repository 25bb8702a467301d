import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { STATE_FILE } from '../../app/open-store.js';
import { IN_MEMORY_STATE, type Env } from '../../config/env.js';
import { AppError } from '../../domain/errors.js';
import { SqliteStore } from '../../store/sqlite/sqlite-store.js';
import type { BackupResult } from '../../store/store.js';
import { callAdmin, findService } from '../admin-client.js';

/**
 * `civicast backup <file>`: a consistent copy of the embedded store (SQLite's online backup). A
 * running service makes it (it holds the store's lock) while it keeps working; with no service
 * running, the command opens the state directory itself.
 */
export function registerBackup(program: Command, env: () => Env): void {
  program
    .command('backup <file>')
    .description('write a consistent copy of the embedded store (STATE_DIR) to a new file, while the service runs or not')
    .action(async (fileArg: string) => {
      const e = env();
      const file = path.resolve(fileArg);
      const result = await backupThroughService(e, file) ?? (await backupDirectly(e, file));
      process.stdout.write(`backup written: ${result.file} (${Math.round(result.bytes / 1024)} KiB in ${result.tookMs} ms)\n`);
    });
}

async function backupThroughService(e: Env, file: string): Promise<BackupResult | undefined> {
  const target = findService(e);
  if (target === undefined) return undefined;
  try {
    return await callAdmin<BackupResult>(target, 'POST', '/api/backup', { file });
  } catch (error) {
    // A runtime file left by a service that was killed: nobody answers, so open the state here.
    if (error instanceof AppError && error.code === 'NETWORK' && e.serviceUrl === undefined) return undefined;
    throw error;
  }
}

async function backupDirectly(e: Env, file: string): Promise<BackupResult> {
  if (e.redisUrl !== undefined) throw new AppError('INVALID_INPUT', 'with REDIS_URL the state is in Redis: back it up with Redis (RDB snapshots or AOF), not with civicast backup');
  if (e.stateDir === IN_MEMORY_STATE) throw new AppError('INVALID_INPUT', 'STATE_DIR=:memory: keeps nothing to back up');
  const db = path.join(e.stateDir, STATE_FILE);
  if (!fs.existsSync(db)) throw new AppError('NOT_FOUND', `no embedded store at ${db} (is STATE_DIR right?)`);
  const store = new SqliteStore({ file: db });
  try {
    return await store.backup(file);
  } finally {
    await store.close();
  }
}
