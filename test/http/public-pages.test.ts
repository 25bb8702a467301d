import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseStringPromise } from 'xml2js';
import type { Emergency } from '../../src/domain/emergency.js';
import { newPost } from '../../src/domain/post.js';
import type { RunningService } from '../../src/main.js';
import { browserAvailable, launchBrowser } from '../support/browser.js';
import { waitFor } from '../support/child-process.js';
import { startQuietService, type QuietService } from '../support/quiet-service.js';

const TOKEN = 'public-pages-token-0123456789';
const hasBrowser = browserAvailable();

describe('public status pages and metrics', () => {
  let svc: RunningService;
  let service: QuietService;
  let emergency: Emergency;
  const admin: QuietService['admin'] = (...args) => service.admin(...args);
  const get: QuietService['get'] = (url) => service.get(url);

  beforeAll(async () => {
    // Every request rebuilds the view here: the tests change posts straight in the store.
    service = await startQuietService(TOKEN);
    svc = service.svc;
    emergency = (await admin('POST', '/api/emergencies', { type: 'snow', params: { trashDelayDays: 2 } })).json() as Emergency;
    await admin('POST', '/api/posts', { text: 'Crews are out. <script>alert(1)</script> & stay safe', channels: ['audit'] });
    await waitFor(async () => (await svc.services.store.listPosts({ status: 'sent' })).some((p) => p.source === 'service:local-admin'), 10_000, 'the staff post sent');
  });
  afterAll(async () => {
    await svc?.close();
  });

  it('says what is in effect in JSON, with what it means per language', async () => {
    const res = await get('/status.json');
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toMatch(/max-age=/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    const page = await get('/status');
    expect(page.headers['content-security-policy']).toMatch(/default-src 'none'/);
    expect(page.headers['x-frame-options']).toBe('DENY');
    const view = res.json() as { emergencies: { id: string; type: string }[]; meaning: { locale: string; items: { topic: string; text: string }[] }[]; posts: { text: string; channels: string[] }[] };
    expect(view.emergencies.map((e) => e.type)).toEqual(['snow']);
    expect(view.meaning.map((m) => m.locale)).toEqual(['en', 'es', 'zh', 'vi', 'ru', 'ht', 'fr', 'pt', 'ar', 'sw']);
    expect(view.meaning[2]?.items.find((i) => i.topic === 'trash.collection')?.text).toMatch(/推迟 2 天/);
    expect(view.meaning[3]?.items.find((i) => i.topic === 'trash.collection')?.text).toMatch(/trễ 2 ngày/);
    const trash = view.meaning[0]?.items.find((i) => i.topic === 'trash.collection');
    expect(trash?.text).toMatch(/2 days behind/);
    expect(view.posts.some((p) => p.text.includes('Crews are out')), JSON.stringify(view.posts.map((p) => p.text.slice(0, 40)))).toBe(true);
    expect(view.posts.every((p) => !p.text.startsWith('reply:'))).toBe(true);
  });

  it('publishes official posts as valid Atom with markup escaped', async () => {
    const res = await get('/feed.atom');
    expect(res.headers['content-type']).toMatch(/application\/atom\+xml/);
    expect(res.body).not.toContain('<script>');
    const feed = (await parseStringPromise(res.body)) as { feed: { $: { xmlns: string }; entry: { content: { _: string }[] }[] } };
    expect(feed.feed.$.xmlns).toBe('http://www.w3.org/2005/Atom');
    expect(feed.feed.entry.some((e) => e.content[0]?._.includes('<script>alert(1)</script> & stay safe'))).toBe(true);
  });

  it('serves each active emergency as a CAP 1.2 alert with one info block per language, and a Cancel once lifted', async () => {
    const parse = async (body: string) => (await parseStringPromise(body)) as { feed: { entry?: { content: { alert: { $: { xmlns: string }; msgType: string[]; status: string[]; sent: string[]; info: { language: string[]; urgency: string[]; description: string[] }[] }[] }[] }[] } };
    const active = await parse((await get('/cap.atom')).body);
    const alert = active.feed.entry?.[0]?.content[0]?.alert[0];
    expect(alert?.$.xmlns).toBe('urn:oasis:names:tc:emergency:cap:1.2');
    expect(alert?.msgType).toEqual(['Alert']);
    expect(alert?.status).toEqual(['Actual']);
    expect(alert?.sent[0]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[-+]\d\d:\d\d$/);
    // One block per served language, each in its own words (test/http/public/languages-public.test.ts checks them all).
    expect(alert?.info.map((i) => i.language[0])).toEqual(['en-US', 'es-US', 'zh-CN', 'vi', 'ru', 'ht', 'fr', 'pt', 'ar', 'sw']);
    expect(alert?.info[1]?.description[0]).toMatch(/emergencia/i);
    expect(alert?.info[2]?.description[0]).toMatch(/紧急状态/);
    expect(alert?.info[3]?.description[0]).toMatch(/khẩn cấp/i);
    expect((await get(`/cap/${emergency.id}.xml`)).statusCode).toBe(200);
    expect((await get('/cap/nope.xml')).statusCode).toBe(404);

    await admin('POST', `/api/emergencies/${emergency.id}/lift`, { reason: 'roads clear' });
    const lifted = await parse((await get('/cap.atom')).body);
    const cancel = lifted.feed.entry?.[0]?.content[0]?.alert[0];
    expect(cancel?.msgType).toEqual(['Cancel']);
    expect(cancel?.info[0]?.urgency).toEqual(['Past']);
    const view = (await get('/status.json')).json() as { emergencies: unknown[]; ended: { id: string }[] };
    expect(view.emergencies).toEqual([]);
    expect(view.ended.map((e) => e.id)).toEqual([emergency.id]);
    emergency = (await admin('POST', '/api/emergencies', { type: 'snow', params: { trashDelayDays: 2 } })).json() as Emergency;
  });

  it('exposes Prometheus metrics for the outbox, dispatch, replies and feeds', async () => {
    await svc.services.replies.handle({ id: 'metrics-1', channel: 'audit', author: { id: 'a', handle: 'resident' }, text: 'is trash delayed', isDirect: false, createdAt: Date.now(), receivedAt: Date.now(), replyTarget: { messageId: 'metrics-1' } });
    const res = await get('/metrics');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/plain/);
    expect(res.body).toMatch(/civicast_outbox_posts\{status="sent"\} [1-9]/);
    expect(res.body).toMatch(/civicast_posts_dispatched_total\{channel="audit",result="sent",priority="[a-z]+"\} [1-9]/);
    expect(res.body).toMatch(/civicast_replies_total\{channel="audit",outcome="replied"\} 1/);
    expect(res.body).toMatch(/civicast_matcher_outcomes_total\{kind="answer",topic="trash.collection",locale="en"\} 1/);
    expect(res.body).toMatch(/civicast_emergencies\{type="snow",status="active"\} 1/);
    expect(res.body).toMatch(/civicast_paused 0/);
    expect(res.body).toMatch(/civicast_scrape_ok 1/);
    expect(res.body).toMatch(/civicast_process_resident_memory_bytes/);
  });

  it.skipIf(!hasBrowser)('renders the status page in a real browser, per language, usable on a phone', async () => {
    let browser: Browser | undefined;
    try {
      browser = await launchBrowser();
      const page = await browser.newPage({ viewport: { width: 375, height: 740 } });
      await page.goto(`${svc.url}/status?lang=es`);
      expect(await page.getAttribute('html', 'lang')).toBe('es-US');
      expect(await page.locator('[role=alert]').first().textContent()).toMatch(/\S/);
      expect(await page.locator('section.meaning[lang=es-US] dd').first().textContent()).toMatch(/emergencia/i);
      expect(await page.locator('section.meaning[lang=en-US]').count()).toBe(1);
      // No script ran from post text, and the page fits a phone's width.
      expect(await page.evaluate('document.querySelectorAll("main script").length')).toBe(0);
      expect(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
      await page.getByRole('link', { name: 'English' }).click();
      expect(await page.getAttribute('html', 'lang')).toBe('en-US');
      expect(await page.locator('h1').textContent()).toMatch(/Philadelphia: what is in effect now/);
    } finally {
      await browser?.close();
    }
  });

  it('shows the newest official posts after weeks of campaigns and a storm of replies', async () => {
    const { store, pause } = svc.services;
    await pause.set(true, 'test', Date.now());
    const now = Date.now();
    const weeksAgo = now - 10 * 86_400_000;
    // 2,100 older campaign posts, then 3,000 replies to citizens sent after the newest staff post.
    const history = Array.from({ length: 2100 }, (_, i) => newPost({ id: `old-${i}`, channel: 'audit', parts: [`Older notice ${i}`], priority: 'routine', dueAt: weeksAgo + i, source: 'schedule:old', locale: 'en' }, weeksAgo));
    const replies = Array.from({ length: 3000 }, (_, i) => newPost({ id: `reply-${i}`, channel: 'audit', parts: [`Reply ${i}`], priority: 'emergency', dueAt: now - 1, source: `reply:m${i}`, replyTo: { messageId: `m${i}` } }, now));
    for (const post of [...history, ...replies]) await store.enqueuePost(post);
    const claimed = await store.claimPosts({ now, limit: 10_000, owner: 'bulk', leaseMs: 60_000 });
    expect(claimed.fresh).toHaveLength(5100);
    for (const [i, post] of history.entries()) await store.updateClaimed(post.id, 'bulk', { status: 'sent' }, weeksAgo + i);
    for (const post of replies) await store.updateClaimed(post.id, 'bulk', { status: 'sent' }, now + 1000);

    const view = (await get('/status.json')).json() as { posts: { text: string; at: string }[] };
    const texts = view.posts.map((p) => p.text);
    const firstOld = texts.findIndex((t) => t.startsWith('Older notice'));
    // This run's posts (the staff post, the snow campaign) first, then the history newest first.
    expect(firstOld).toBeGreaterThan(0);
    expect(texts.slice(0, firstOld).some((t) => t.includes('Crews are out'))).toBe(true);
    expect(texts.slice(firstOld)).toEqual(Array.from({ length: texts.length - firstOld }, (_, i) => `Older notice ${2099 - i}`));
    expect(texts.some((t) => t.startsWith('Reply '))).toBe(false);
    await pause.set(false, 'test', Date.now());
  });
});
