import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../domain/errors.js';
import type { Services } from '../../services.js';

const backupBody = z.strictObject({
  /** Absolute path on the service's machine; a backup never overwrites a file. */
  file: z.string().min(1).max(4096).refine((f) => path.isAbsolute(f), 'an absolute path'),
  actor: z.string().max(100).optional(),
});

/** `POST /api/backup`: a consistent copy of the embedded store, made by the process that owns it. */
export function registerBackupRoutes(app: FastifyInstance, services: Services): void {
  app.post('/api/backup', async (request) => {
    const body = backupBody.parse(request.body);
    const backup = services.store.backup;
    if (backup === undefined) throw new AppError('INVALID_INPUT', `the ${services.store.kind} store is backed up with its own tools (Redis: RDB snapshots or AOF), not by civicast`);
    const result = await backup.call(services.store, body.file);
    await services.store.appendAudit({ at: services.clock.now(), actor: body.actor === undefined ? 'cli' : `user:${body.actor}`, action: 'store.backup', target: result.file, detail: { bytes: result.bytes, tookMs: result.tookMs } });
    return result;
  });
}
