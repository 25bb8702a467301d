import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emergency } from '../../src/domain/emergency.js';
import { createLogger } from '../../src/logging/logger.js';
import { startService, type RunningService } from '../../src/main.js';
import type { PreviewRow } from '../../src/services.js';
import type { TranslationRow } from '../../src/translations/translations.js';
import { waitFor } from '../support/child-process.js';
import { makeTestConfig, testEnv } from '../support/test-config.js';

const TOKEN = 'translations-service-token-0123456789';

describe('reviewing translations in a running service', () => {
  let svc: RunningService;
  const api = (method: 'GET' | 'POST', url: string, payload?: object) => svc.app!.inject({ method, url, headers: { authorization: `Bearer ${TOKEN}` }, ...(payload === undefined ? {} : { payload }) });

  beforeAll(async () => {
    const { dir, configDir } = makeTestConfig({ 'zz.yaml': 'channels:\n  console: { kind: console, enabled: false }\n  audit: { rateLimit: { perMinute: 1000 } }\n' });
    svc = await startService({ env: testEnv(configDir, { ADMIN_TOKEN: TOKEN }), logger: createLogger({ level: 'silent' }), runtimeDir: `${dir}/run` });
  });
  afterAll(async () => {
    await svc?.close();
  });

  it('lists every text of a language with its status, filtered', async () => {
    const drafts = (await api('GET', '/api/translations?language=ru&status=draft')).json() as TranslationRow[];
    // 74 campaign texts (templates, titles, labels, facts) and 58 FAQ answers and acknowledgements.
    expect(drafts).toHaveLength(133);
    expect(drafts.filter((r) => r.key.startsWith('faq:'))).toHaveLength(58);
    expect(drafts.find((r) => r.key === 'template:snow/towed')).toMatchObject({ language: 'ru', status: 'draft', by: 'civicast-team', file: expect.stringMatching(/templates[/\\]snow[/\\]towed\.ru\.hbs$/) as unknown });
    expect(((await api('GET', '/api/translations?kind=interpreter&language=am')).json() as TranslationRow[]).map((r) => r.key)).toEqual(['interpreter:general', 'interpreter:danger']);
    expect((await api('GET', '/api/translations?status=bogus')).statusCode).toBe(400);
  });

  it('approves and corrects through the staff layer: audited, counted in /metrics, and used at once', async () => {
    const approved = await api('POST', '/api/translations/approve', { language: 'ru', key: 'template:snow/towed' });
    expect(approved.json()).toMatchObject({ status: 'reviewed', by: 'service:local-admin' });
    const corrected = 'Вашу машину переставили? Она на соседней улице. Звоните {{city.snowLine}}. Не звоните {{city.emergencyNumber}}.';
    const edited = await api('POST', '/api/translations/edit', { language: 'ru', key: 'template:snow/towed', text: corrected });
    expect(edited.json()).toMatchObject({ status: 'reviewed', edited: true, text: corrected });
    const preview = (await api('GET', '/api/preview/snow?locale=ru&channel=audit')).json() as PreviewRow[];
    expect(preview.find((r) => r.topic === 'towed')?.parts[0]).toBe('Вашу машину переставили? Она на соседней улице. Звоните 215-686-SNOW (215-686-7669), затем нажмите 4. Не звоните 911.');
    const audit = (await svc.services.store.tailAudit(200)).filter((e) => e.action.startsWith('translation.'));
    expect(audit.map((e) => `${e.action} ${e.actor} ${e.target}`)).toEqual(['translation.approve service:local-admin ru:template:snow/towed', 'translation.edit service:local-admin ru:template:snow/towed']);
    expect(audit[1]?.detail).toMatchObject({ after: corrected, before: expect.stringMatching(/^Вашу машину переставили во время снежной ЧС/) as unknown });
    const metrics = (await api('GET', '/metrics')).body;
    expect(metrics).toMatch(/civicast_translations\{language="ru",status="reviewed"\} 1/);
    expect(metrics).toMatch(/civicast_translations\{language="ru",status="draft"\} 132/);
    expect(metrics).toMatch(/civicast_translations\{language="en",status="source"\} 133/);
    // A broken correction is refused with the reason and changes nothing.
    const broken = await api('POST', '/api/translations/edit', { language: 'ru', key: 'template:snow/towed', text: 'Звоните {{city.nomer}}' });
    expect(broken.statusCode).toBe(400);
    expect(broken.json()).toMatchObject({ message: expect.stringMatching(/"nomer" not defined/) as unknown });
    expect(((await api('GET', '/api/translations?language=ru&kind=template')).json() as TranslationRow[]).find((r) => r.key === 'template:snow/towed')?.text).toBe(corrected);
  });

  it('a declaration posts the corrected text in its language', async () => {
    const emergency = (await api('POST', '/api/emergencies', { type: 'snow', params: { trashDelayDays: 1 } })).json() as Emergency;
    await waitFor(async () => (await svc.services.outbox.get(`camp:${emergency.id}:declare:0:02-towed:ru:audit`)) !== undefined, 10_000, 'the Russian towed post');
    expect((await svc.services.outbox.get(`camp:${emergency.id}:declare:0:02-towed:ru:audit`))?.parts[0]).toMatch(/^Вашу машину переставили\? Она на соседней улице/);
  });
});

describe('a city that sends only reviewed translations', () => {
  let svc: RunningService;
  beforeAll(async () => {
    const { dir, configDir } = makeTestConfig({ 'zz.yaml': 'city:\n  translations: { sendUnreviewed: false }\nchannels:\n  console: { kind: console, enabled: false }\n' });
    svc = await startService({ env: testEnv(configDir, { ADMIN_TOKEN: TOKEN }), logger: createLogger({ level: 'silent' }), runtimeDir: `${dir}/run` });
  });
  afterAll(async () => {
    await svc?.close();
  });

  it('posts in English only, leaves every unreviewed language out with an audit entry, and never posts English in its place', async () => {
    const emergency = await svc.services.emergencies.declare({ type: 'cold', actor: 'user:mia' });
    await waitFor(async () => (await svc.services.store.tailAudit(500)).some((e) => e.action === 'campaign.language-withheld'), 10_000, 'the withheld languages audited');
    const posts = (await svc.services.store.listPosts({ limit: 1000 })).filter((p) => p.source === `campaign:${emergency.id}`);
    expect(new Set(posts.map((p) => p.locale))).toEqual(new Set(['en']));
    const withheld = (await svc.services.store.tailAudit(500)).filter((e) => e.action === 'campaign.language-withheld' && e.target === emergency.id);
    expect(new Set(withheld.map((e) => (e.detail as { language: string }).language))).toEqual(new Set(['es', 'zh', 'vi', 'ru', 'ht', 'fr', 'pt', 'ar', 'sw']));
    // The public page offers only the languages whose labels may go out.
    const html = (await svc.app!.inject({ method: 'GET', url: '/status?lang=es' })).body;
    expect(html).toContain('<html lang="en-US" dir="ltr">');
  });
});
