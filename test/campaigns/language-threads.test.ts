import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileRecords } from '../../src/channels/file/file-channel.js';
import type { Emergency } from '../../src/domain/emergency.js';
import { createLogger } from '../../src/logging/logger.js';
import { startService, type RunningService } from '../../src/main.js';
import { waitFor } from '../support/child-process.js';
import { makeTestConfig, testEnv } from '../support/test-config.js';

const TOKEN = 'language-threads-token-0123456789';

/**
 * A channel with `languageMode: thread` through the whole service: one thread per topic holding
 * the languages as parts, sent part by part by the dispatcher under the post's idempotency key,
 * and read back per language on the public page.
 */
describe('multilingual threads on a budget-limited channel', () => {
  let svc: RunningService;
  let postsFile: string;
  let emergency: Emergency;

  beforeAll(async () => {
    // The file channel allows threads of 20 parts: every language of a topic fits in one thread.
    const made = makeTestConfig({ 'zz.yaml': 'channels:\n  console: { kind: console, enabled: false }\n  audit: { languageMode: thread, maxLength: 280 }\nhttp:\n  statusCacheSeconds: 0\n' });
    postsFile = made.postsFile;
    svc = await startService({ env: testEnv(made.configDir, { ADMIN_TOKEN: TOKEN }), logger: createLogger({ level: 'silent' }), runtimeDir: path.join(made.dir, 'run') });
    emergency = await svc.services.emergencies.declare({ type: 'heat', actor: 'user:mia' });
  });
  afterAll(async () => {
    await svc?.close();
  });

  it('posts one thread per topic with every served language as its own parts, the source language first', async () => {
    const limits = svc.services.channels.get('audit')?.limits;
    const status = `camp:${emergency.id}:declare:0:00-status:mul1:audit`;
    await waitFor(async () => (await svc.services.outbox.get(status))?.status === 'sent', 10_000, 'the status thread sent');
    const posts = (await svc.services.store.listPosts({ limit: 1000 })).filter((p) => p.source === `campaign:${emergency.id}`);
    const thread = await svc.services.outbox.get(status);
    expect(thread?.partLocales).toEqual(['en', 'es', 'zh', 'vi', 'ru', 'ht', 'fr', 'pt', 'ar', 'sw']);
    expect(thread?.locale).toBe('mul');
    expect(thread?.parts.length).toBeLessThanOrEqual(limits?.maxThreadParts ?? 0);
    // Ten languages, one post per topic (status, safety): what the channel's budget counts.
    expect(posts.map((p) => p.id).sort()).toEqual([status, `camp:${emergency.id}:declare:0:01-safety:mul1:audit`]);
    // Each part went out under its own key, in order, each replying to the one before.
    const records = readFileRecords(postsFile).filter((r) => r.key === status || r.key.startsWith(`${status}#`));
    expect(records.map((r) => r.key)).toEqual(thread?.parts.map((_p, i) => (i === 0 ? status : `${status}#${i + 1}`)));
    expect(records.slice(1).every((r, i) => r.inReplyTo === records[i]?.key)).toBe(true);
  });

  it('shows each language only its own parts on the public page', async () => {
    const vietnamese = (await svc.app!.inject({ method: 'GET', url: '/status?lang=vi' })).body;
    expect(vietnamese).toMatch(/<article class="post" lang="vi" dir="ltr">☀️ Tình trạng khẩn cấp về sức khỏe do nắng nóng/);
    expect(vietnamese).not.toMatch(/Heat health emergency in Philadelphia/);
    const english = (await svc.app!.inject({ method: 'GET', url: '/status?lang=en' })).body;
    expect(english).toMatch(/Heat health emergency in Philadelphia/);
    // The posts in English carry no Vietnamese part (the other languages' statements follow them, each marked with its lang).
    expect([...english.matchAll(/<article class="post"[^>]*>[^<]*/g)].map((m) => m[0]).join('\n')).not.toMatch(/nắng nóng/);
  });
});
