/**
 * Hostile text in every field a person or a platform can fill, then every page that renders it:
 * console pages for every role, the public pages and feeds, and the admin API. Nothing is echoed
 * as markup, no link becomes a script, nothing crashes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newPost } from '../../../src/domain/post.js';
import { api, ROLES, startAttack, type AttackHarness } from './attack-harness.js';

const HOSTILE = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(2)>',
  "'><svg onload=alert(3)>",
  '{{constructor.constructor("alert(4)")()}}',
  'javascript:alert(5)',
  '\u202etxt.exe\u0000\u0007',
  '@everyone ]]><!--',
].join(' ');
const MARKERS = ['<script>alert(1)', '<img src=x', '<svg onload', 'alert(4)")()}}<', 'href="javascript:'];

describe('hostile text in every field', () => {
  let h: AttackHarness;
  beforeAll(async () => {
    h = await startAttack({ twoPersonRule: true }, { 'zz-fresh.yaml': 'http:\n  statusCacheSeconds: 0\n' });
    const { services } = h.svc;
    await services.pause.set(true, 'test', Date.now(), HOSTILE.slice(0, 400));
    // Through every door a person writes in: the console, the API.
    await h.clients.comms.get('/console/compose');
    await h.clients.comms.post('/console/compose', { text: `Post ${HOSTILE}`, channels: 'console', action: 'send' });
    await h.clients.comms.post('/console/compose', { text: `Repeat ${HOSTILE}`, channels: 'console', repeat: 'cron', cron: '0 7 * * 1', action: 'send' });
    await api(h.base, h.tokens.manager, 'POST', '/api/emergencies', { type: 'snow', title: `Snow ${HOSTILE}`.slice(0, 200), params: { note: HOSTILE.slice(0, 400) } });
    await api(h.base, h.tokens.manager, 'POST', '/api/emergencies', { type: 'flood', requiresApproval: true, params: {} });
    // What residents and platforms write: an inbox item, a sent post with a hostile link.
    await services.inbox.add(
      { id: 'hostile-1', channel: 'console', author: { id: 'x', handle: HOSTILE.slice(0, 90) }, text: HOSTILE, receivedAt: Date.now(), isDirect: false, replyTarget: { messageId: 'hostile-1' } } as never,
      { kind: 'handoff', topic: null, confidence: 0.1, locale: 'en', reply: null } as never,
      'low-confidence',
    );
    const sent = newPost({ id: 'post:hostile:console', channel: 'console', parts: [`Sent ${HOSTILE}`], priority: 'routine', dueAt: Date.now(), source: 'user:mia' }, Date.now());
    await services.store.enqueuePost({ ...sent, status: 'sent', sentParts: [{ id: '1', url: 'javascript:alert(6)' }] });
    // A sign-in attempt with a hostile name lands in the security log.
    const form = await fetch(`${h.base}/console/login`);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1] ?? '';
    const cookie = form.headers.getSetCookie().map((line) => line.split(';')[0]).join('; ');
    const login = await fetch(`${h.base}/console/login`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie }, body: new URLSearchParams({ username: HOSTILE.slice(0, 100), password: 'x', _csrf: csrf }) });
    expect(login.status).toBe(401);
    expect(await login.text()).not.toContain('<script>alert(1)');
  });
  afterAll(async () => h.close());

  const clean = (what: string, status: number, body: string) => {
    expect(status, what).toBeLessThan(500);
    for (const marker of MARKERS) expect(body, `${what}: ${marker}`).not.toContain(marker);
  };

  it('console pages, for every role', async () => {
    const pages = ['/console', '/console/emergencies', '/console/compose', '/console/outbox', '/console/schedule', '/console/inbox', '/console/faq?q=' + encodeURIComponent(HOSTILE), '/console/audit', '/console/audit?stream=security', '/console/audit?actor=' + encodeURIComponent(HOSTILE), '/console/users', '/console/account', '/console/compose?post=' + encodeURIComponent(HOSTILE), `/console/outbox?done=${encodeURIComponent(HOSTILE)}`];
    for (const role of ROLES.filter((r) => r !== 'anonymous') as Exclude<(typeof ROLES)[number], 'anonymous'>[]) {
      for (const page of pages) {
        const res = await h.clients[role].get(page);
        clean(`${role} ${page}`, res.status, res.html);
      }
    }
    // The hostile text is there, as text.
    expect((await h.clients.manager.get('/console/inbox')).html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('public pages and feeds', async () => {
    for (const page of ['/status', '/status?lang=es', '/feed.atom', '/cap.atom']) {
      const res = await fetch(h.base + page);
      const body = await res.text();
      clean(page, res.status, body);
      expect(body, page).not.toMatch(/javascript:alert\(6\)/);
    }
    // JSON carries the text as data (never sniffed as HTML), and no hostile link.
    const json = await fetch(`${h.base}/status.json`);
    expect(json.headers.get('content-type')).toMatch(/application\/json/);
    expect(json.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await json.text()).not.toMatch(/javascript:alert\(6\)/);
  });

  it('the admin API answers JSON, never markup', async () => {
    for (const path of ['/api/outbox?status=pending', '/api/inbox', '/api/emergencies', '/api/schedules', '/api/audit?stream=staff', '/api/audit?stream=security']) {
      const res = await fetch(h.base + path, { headers: { authorization: `Bearer ${h.tokens.admin}` } });
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type'), path).toMatch(/application\/json/);
    }
  });
});
