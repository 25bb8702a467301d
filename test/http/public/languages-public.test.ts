import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseStringPromise } from 'xml2js';
import type { Emergency } from '../../../src/domain/emergency.js';
import { createLogger } from '../../../src/logging/logger.js';
import { startService, type RunningService } from '../../../src/main.js';
import { browserAvailable, launchBrowser } from '../../support/browser.js';
import { waitFor } from '../../support/child-process.js';
import { englishFragments } from '../../support/english-fragments.js';
import { makeTestConfig, testEnv } from '../../support/test-config.js';

const TOKEN = 'languages-public-token-0123456789';
const hasBrowser = browserAvailable();
const SERVED = ['en', 'es', 'zh', 'vi', 'ru', 'ht', 'fr', 'pt', 'ar', 'sw'];
const TAGS = ['en-US', 'es-US', 'zh-CN', 'vi', 'ru', 'ht', 'fr', 'pt', 'ar', 'sw'];

interface CapInfo {
  language: string[];
  event: string[];
  headline: string[];
  description: string[];
  instruction?: string[];
  senderName: string[];
}
type CapFeed = { feed: { title: string[]; entry?: { content: { alert: { msgType: string[]; info: CapInfo[] }[] }[] }[] } };

describe('public pages, feeds and CAP in every served language', () => {
  let svc: RunningService;
  let emergency: Emergency;
  const get = (url: string) => svc.app!.inject({ method: 'GET', url });
  const admin = (method: 'GET' | 'POST', url: string, payload?: object) => svc.app!.inject({ method, url, headers: { authorization: `Bearer ${TOKEN}` }, ...(payload === undefined ? {} : { payload }) });

  beforeAll(async () => {
    // Ten languages are ten posts per topic on a channel that posts them separately: room for them.
    const { dir, configDir } = makeTestConfig({ 'zz-quiet.yaml': 'channels:\n  console: { kind: console, enabled: false }\n  audit: { rateLimit: { perMinute: 1000 } }\nhttp:\n  statusCacheSeconds: 0\n' });
    svc = await startService({ env: testEnv(configDir, { ADMIN_TOKEN: TOKEN }), logger: createLogger({ level: 'silent' }), runtimeDir: `${dir}/run` });
    // A feed-style English title: no other language may show it.
    emergency = (await admin('POST', '/api/emergencies', { type: 'hurricane', title: 'Tropical Storm Warning', params: { trashDelayDays: 2 } })).json() as Emergency;
    await waitFor(async () => (await svc.services.store.listPosts({ status: 'sent' })).filter((p) => p.source === `campaign:${emergency.id}`).length >= SERVED.length, 20_000, 'the first campaign post in every language sent');
  });
  afterAll(async () => {
    await svc?.close();
  });

  it('gives one CAP info block per served language, each with its own language code and words', async () => {
    const feed = (await parseStringPromise((await get('/cap.atom')).body)) as CapFeed;
    const infos = feed.feed.entry?.[0]?.content[0]?.alert[0]?.info ?? [];
    expect(infos.map((i) => i.language[0])).toEqual(TAGS);
    for (const [i, info] of infos.entries()) {
      const language = SERVED[i] as string;
      const text = [info.event[0], info.headline[0], info.description[0], info.instruction?.[0] ?? '', info.senderName[0]].join('\n');
      expect(text, language).not.toMatch(/\{\{|\}\}|undefined/);
      if (language === 'en') {
        expect(info.event[0]).toBe('Tropical Storm Warning');
        continue;
      }
      expect(text, language).not.toContain('Tropical Storm Warning');
      expect(englishFragments(text, language, ['Snow Emergency Route'], ['Philadelphia', 'Philly']), `${language}: ${text}`).toEqual([]);
    }
    expect(infos[1]?.event[0]).toBe('Aviso de huracán o tormenta tropical');
    expect(infos[8]?.senderName[0]).toBe('فيلادلفيا');
    // The feed's own title follows ?lang=.
    const spanish = (await parseStringPromise((await get('/cap.atom?lang=es')).body)) as CapFeed;
    expect(spanish.feed.title[0]).toBe('Filadelfia: emergencias en vigor');
  });

  it('cancels in every language once lifted, with the all-clear as the description', async () => {
    const lifted = (await admin('POST', `/api/emergencies/${emergency.id}/lift`, { reason: 'passed' })).json() as Emergency;
    const alert = ((await parseStringPromise((await get(`/cap/${lifted.id}.xml`)).body)) as { alert: { msgType: string[]; info: CapInfo[] } }).alert;
    expect(alert.msgType).toEqual(['Cancel']);
    expect(alert.info.map((i) => i.language[0])).toEqual(TAGS);
    expect(alert.info[2]?.headline[0]).toBe('飓风或热带风暴警报：已结束');
    expect(alert.info[2]?.description[0]).toMatch(/已解除/);
    emergency = (await admin('POST', '/api/emergencies', { type: 'snow', params: { trashDelayDays: 1 } })).json() as Emergency;
  });

  it('serves Atom per language: its title, and only its posts (or one feed of all, each entry tagged)', async () => {
    await waitFor(async () => (await svc.services.store.listPosts({ status: 'sent' })).some((p) => p.source === `campaign:${emergency.id}` && p.locale === 'fr'), 20_000, 'a French snow post sent');
    const french = (await parseStringPromise((await get('/feed.atom?lang=fr')).body)) as { feed: { $: Record<string, string>; title: string[]; entry: { content: { _: string; $: Record<string, string> }[] }[] } };
    expect(french.feed.title[0]).toBe('Philadelphie : messages d’urgence officiels');
    expect(french.feed.entry.length).toBeGreaterThan(0);
    expect(new Set(french.feed.entry.map((e) => e.content[0]?.$['xml:lang']))).toEqual(new Set(['fr']));
    const all = (await parseStringPromise((await get('/feed.atom')).body)) as { feed: { entry: { content: { $: Record<string, string> }[] }[] } };
    expect(new Set(all.feed.entry.map((e) => e.content[0]?.$['xml:lang']))).toEqual(new Set(TAGS));
  });

  it('renders the status page in each language with its own labels, direction and dates', async () => {
    for (const [i, language] of SERVED.entries()) {
      const html = (await get(`/status?lang=${language}`)).body;
      expect(html, language).toContain(`<html lang="${TAGS[i]}" dir="${language === 'ar' ? 'rtl' : 'ltr'}">`);
      expect(html, language).not.toMatch(/\{\{|undefined/);
    }
    const creole = (await get('/status?lang=ht')).body;
    expect(creole).toContain('Ijans nèj');
    // Haitian Creole has no calendar in the date library: its own month names, never English ones.
    expect(creole).toMatch(/(janvye|fevriye|mas|avril|me|jen|jiyè|out|septanm|oktòb|novanm|desanm)/);
    expect(creole).not.toMatch(/(January|February|March|April|June|July|August|September|October|November|December)/);
    const accepted = await svc.app!.inject({ method: 'GET', url: '/status', headers: { 'accept-language': 'pt-BR,pt;q=0.9,en;q=0.5' } });
    expect(accepted.headers['content-language']).toBe('pt');
  });

  it.skipIf(!hasBrowser)('lays the Arabic status page out right to left in a real browser', async () => {
    let browser: Browser | undefined;
    try {
      browser = await launchBrowser();
      const page = await browser.newPage({ viewport: { width: 375, height: 740 } });
      await page.goto(`${svc.url}/status?lang=ar`);
      expect(await page.getAttribute('html', 'dir')).toBe('rtl');
      expect(await page.evaluate('getComputedStyle(document.querySelector("h1")).direction')).toBe('rtl');
      expect(await page.locator('h1').textContent()).toMatch(/فيلادلفيا/);
      // A short line ("updated ...") sits at the right edge; an English link in the menu stays left to right.
      expect(await page.evaluate('(() => { const range = document.createRange(); range.selectNodeContents(document.querySelector("header p.meta")); const r = range.getBoundingClientRect(); return window.innerWidth - r.right < r.left; })()')).toBe(true);
      expect(await page.evaluate('getComputedStyle(document.querySelector("nav a[lang=en-US]")).direction')).toBe('ltr');
      expect(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
      await page.getByRole('link', { name: 'Español' }).click();
      expect(await page.evaluate('getComputedStyle(document.querySelector("h1")).direction')).toBe('ltr');
    } finally {
      await browser?.close();
    }
  });
});
