import path from 'node:path';
import { z } from 'zod';
import { AppError } from '../../domain/errors.js';
import { defineCommand } from '../command.js';

export const storeBackup = defineCommand({
  name: 'store.backup',
  summary: 'write a consistent copy of the embedded store to a new file on the service’s machine (never overwrites)',
  role: 'admin',
  input: z.strictObject({
    /** Absolute path on the service's machine; a backup never overwrites a file. */
    file: z.string().min(1).max(4096).refine((f) => path.isAbsolute(f), 'an absolute path'),
  }),
  async run({ services, audit }, input) {
    const backup = services.store.backup;
    if (backup === undefined) throw new AppError('INVALID_INPUT', `the ${services.store.kind} store is backed up with its own tools (Redis: RDB snapshots or AOF), not by civicast`);
    const result = await backup.call(services.store, input.file);
    await audit({ action: 'store.backup', target: result.file, detail: { bytes: result.bytes, tookMs: result.tookMs } });
    return result;
  },
});
