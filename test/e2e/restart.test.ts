import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logging/logger.js';
import { startService } from '../../src/main.js';
import { makeTestConfig, testEnv } from '../support/test-config.js';

describe('embedded SQLite store in STATE_DIR', () => {
  it('keeps the outbox, schedules, pause and emergencies across a restart', async () => {
    const { dir, configDir } = makeTestConfig();
    const env = testEnv(configDir, { STATE_DIR: path.join(dir, 'state'), ADMIN_TOKEN: 'restart-token-123456' });
    const logger = createLogger({ level: 'silent' });
    const first = await startService({ env, logger, runtimeDir: path.join(dir, 'run') });
    const later = Date.now() + 3_600_000;
    await first.services.outbox.enqueueAll(first.services.composePosts({ text: 'Tomorrow: street cleaning resumes.', channels: ['console'], at: later, actor: 'user:maria' }));
    await first.services.scheduler.add({ id: 'evening', cron: '0 17 * * *', timeZone: 'America/New_York', channels: ['console'], text: 'Evening update', priority: 'routine', createdBy: 'user:maria' });
    await first.services.pause.set(true, 'user:ops', Date.now());
    const snow = await first.services.emergencies.declare({ type: 'snow', actor: 'user:chief' });
    await first.close();

    const second = await startService({ env, logger, runtimeDir: path.join(dir, 'run') });
    try {
      const pending = await second.services.store.listPosts({ status: 'pending' });
      expect(pending.find((p) => p.dueAt === later)?.parts).toEqual(['Tomorrow: street cleaning resumes.']);
      expect((await second.services.scheduler.list()).map((s) => s.id)).toContain('evening');
      expect((await second.services.scheduler.list()).find((s) => s.id === 'evening')?.nextRun).toMatch(/^20/);
      expect(await second.services.pause.isPaused(Date.now())).toBe(true);
      expect((await second.services.emergencies.get(snow.id)).status).toBe('active');
      expect((await second.services.store.tailAudit(50)).map((e) => e.action)).toEqual(expect.arrayContaining(['schedule.add', 'emergency.declare']));
    } finally {
      await second.close();
    }
  });
});
