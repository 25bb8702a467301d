/**
 * The security audit's findings (issue 13) as regression tests, one `describe` per finding.
 * Findings 1 (memory), 2b (Discord), 5 (slow clients) and 9 (file modes) have files of their own.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newPost } from '../../../src/domain/post.js';
import { hashPasswordScryptLegacy } from '../../../src/staff/users/password.js';
import { ADMIN_TOKEN, api, FormClient, passwordOf, startAttack, startConsole, type AttackHarness, type ConsoleHarness } from './attack-harness.js';

describe('finding 2a: an inbox answer by a comms user waits for a second person under the two-person rule', () => {
  let h: AttackHarness;
  beforeAll(async () => {
    h = await startAttack({ twoPersonRule: true });
  });
  afterAll(async () => h.close());

  it('queues the answer awaiting approval, at the item’s own priority, and audits it', async () => {
    const { services } = h.svc;
    await services.pause.set(true, 'test', Date.now());
    const item = await services.inbox.add(
      { id: 'm-2a', channel: 'console', author: { id: 'a1', handle: 'resident' }, text: 'Where do I pay a parking ticket?', receivedAt: Date.now(), isDirect: false, replyTarget: { messageId: 'm-2a' } } as never,
      { kind: 'handoff', danger: 'none', dangerKinds: [], topic: null, confidence: 0.1, locale: 'en', reply: null, latencyMs: 1 },
      'low-confidence',
    );
    const answer = await h.clients.comms.post(`/console/inbox/${encodeURIComponent(item.id)}/answer`, { text: 'Anything you like, published at once?' });
    expect(answer.status).toBe(303);
    const reply = await services.outbox.get('reply:console:m-2a:staff');
    expect(reply?.awaitingApproval).toBe(true);
    expect(reply?.priority).not.toBe('urgent');
    // The author cannot release it; another person can.
    expect((await h.clients.comms.post(`/console/outbox/${encodeURIComponent('reply:console:m-2a:staff')}/approve`, {})).status).toBe(403);
    expect((await h.clients.manager.post(`/console/outbox/${encodeURIComponent('reply:console:m-2a:staff')}/approve`, {})).status).toBe(303);
    expect((await services.outbox.get('reply:console:m-2a:staff'))?.awaitingApproval).toBe(false);
    const audit = await services.staff.views.audit('staff', 50);
    expect(audit.find((e) => e.action === 'inbox.answer')).toMatchObject({ actor: 'user:cal', target: item.id });
  });
});

describe('finding 3: sign-in limits cannot be turned against staff', () => {
  let h: ConsoleHarness;
  beforeAll(async () => {
    h = await startConsole({ loginAttemptsPer15Min: 5 }, { 'zz-proxy.yaml': 'http:\n  trustProxy: ["127.0.0.1"]\n' });
  });
  afterAll(async () => h.close());

  it('successful sign-ins do not count toward the limit', async () => {
    const mia = new FormClient(h.base, '198.51.100.7');
    for (let i = 0; i < 8; i++) {
      expect((await mia.login('mia')).status).toBe(303);
      await mia.post('/console/logout', {});
    }
  });

  it('ten wrong passwords from ten addresses do not lock the user out of a browser they used before', async () => {
    const mia = new FormClient(h.base, '198.51.100.8');
    expect((await mia.login('mia')).status).toBe(303);
    await mia.post('/console/logout', {});
    for (let i = 1; i <= 10; i++) expect([401, 429]).toContain((await new FormClient(h.base, `203.0.113.${i}`).login('mia', 'guess')).status);
    // A browser mia never used waits for the window: the worst a stranger can do, and it ends.
    expect((await new FormClient(h.base, '198.51.100.10').login('mia')).status).toBe(429);
    // Her own browser: in at once (and her success starts the counts afresh).
    expect((await mia.login('mia')).status).toBe(303);
    // A colleague elsewhere is untouched.
    expect((await new FormClient(h.base, '198.51.100.9').login('cal')).status).toBe(303);
  });
});

describe('finding 3: behind a proxy with the default trustProxy (every client shares one address)', () => {
  let h: ConsoleHarness;
  beforeAll(async () => {
    h = await startConsole({ loginAttemptsPer15Min: 5 });
  });
  afterAll(async () => h.close());

  it('an attacker exhausting the shared address limit does not lock out staff on their own browsers', async () => {
    const ada = new FormClient(h.base, '198.51.100.20');
    expect((await ada.login('ada')).status).toBe(303);
    await ada.post('/console/logout', {});
    for (let i = 0; i < 12; i++) expect([401, 429]).toContain((await new FormClient(h.base, `203.0.113.${i}`).login(`nobody${i}`, 'guess')).status);
    expect((await new FormClient(h.base).login('cal')).status).toBe(429);
    expect((await ada.login('ada')).status).toBe(303);
  });
});

describe('finding 4: refused sign-ins cannot push staff actions out of the audit log', () => {
  let h: ConsoleHarness;
  beforeAll(async () => {
    h = await startConsole({ loginAttemptsPer15Min: 1 });
  });
  afterAll(async () => h.close());

  it('after 5,200 refused sign-ins the audit page still shows what staff did', async () => {
    const cal = new FormClient(h.base);
    await cal.login('cal');
    expect((await cal.post('/console/compose', { text: 'Leaf pickup starts Monday.', channels: 'console', action: 'send' })).status).toBe(303);
    const form = await fetch(`${h.base}/console/login`);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1] ?? '';
    const cookie = form.headers.getSetCookie().map((line) => line.split(';')[0]).join('; ');
    let next = 0;
    const statuses = new Map<number, number>();
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < 5_200) {
          next++;
          const response = await fetch(`${h.base}/console/login`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie }, body: new URLSearchParams({ username: `x${next % 50}`, password: 'guess', _csrf: csrf }) });
          await response.arrayBuffer();
          statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        }
      }),
    );
    expect(statuses.get(429) ?? 0).toBeGreaterThan(5_000);
    const mia = new FormClient(h.base);
    // mia's own browser has never signed in, and the address is limited: her first sign-in comes from a known device below.
    const session = await h.svc.services.staff.sessions.create((await h.svc.services.staff.users.get('mia'))!, Date.now());
    (mia as unknown as { cookies: Map<string, string> }).cookies.set('civicast_session', session.id);
    const page = await mia.get('/console/audit');
    expect(page.status).toBe(200);
    expect(page.html).toMatch(/<td>user:cal<\/td><td>post\.create<\/td>/);
    // 5,200 sign-ins through HTTP: a generous bound for a loaded machine (hang detection only).
  }, 300_000);
});

describe('finding 6: a password change and "sign out everywhere" end sessions', () => {
  let h: AttackHarness;
  beforeAll(async () => {
    h = await startAttack();
  });
  afterAll(async () => h.close());

  it('an admin setting a user’s password ends every session of that user', async () => {
    expect((await h.clients.admin.post('/console/users', { name: 'rui', role: 'comms', password: 'rui-first-password-1', chatIds: '' })).status).toBe(303);
    const phone = new FormClient(h.base);
    const laptop = new FormClient(h.base);
    expect((await phone.login('rui', 'rui-first-password-1')).status).toBe(303);
    expect((await laptop.login('rui', 'rui-first-password-1')).status).toBe(303);
    expect((await phone.get('/console')).status).toBe(200);
    expect((await h.clients.admin.post('/console/users/rui/password', { password: 'rui-second-password-2' })).status).toBe(303);
    expect((await phone.get('/console')).status).toBe(303);
    expect((await laptop.get('/console')).status).toBe(303);
    expect((await laptop.login('rui', 'rui-first-password-1')).status).toBe(401);
    expect((await laptop.login('rui', 'rui-second-password-2')).status).toBe(303);
  });

  it('a user changing their own password keeps this browser and ends the others', async () => {
    const other = new FormClient(h.base);
    expect((await other.login('rui', 'rui-second-password-2')).status).toBe(303);
    const here = new FormClient(h.base);
    await here.login('rui', 'rui-second-password-2');
    await here.get('/console/account');
    expect((await here.post('/console/account/password', { current: 'rui-second-password-2', password: 'rui-third-password-3' })).status).toBe(303);
    expect((await here.get('/console')).status).toBe(200);
    expect((await other.get('/console')).status).toBe(303);
  });

  it('"sign out everywhere" ends every session of the user, config users included', async () => {
    const second = new FormClient(h.base);
    await second.login('mia');
    const first = new FormClient(h.base);
    await first.login('mia');
    await first.get('/console/account');
    expect((await first.post('/console/account/sign-out-everywhere', {})).status).toBe(303);
    expect((await first.get('/console')).status).toBe(303);
    expect((await second.get('/console')).status).toBe(303);
    const audit = await h.svc.services.staff.views.audit('staff', 20);
    expect(audit.some((e) => e.action === 'account.sign-out-everywhere' && e.actor === 'user:mia')).toBe(true);
  });
});

describe('finding 7: absolute links never follow an untrusted Host header', () => {
  let plain: ConsoleHarness;
  let allowed: ConsoleHarness;
  beforeAll(async () => {
    plain = await startConsole();
    allowed = await startConsole({}, { 'zz-hosts.yaml': 'http:\n  allowedHosts: ["status.city.gov"]\n' });
    await plain.svc.services.emergencies.declare({ type: 'snow', actor: 'user:mia' });
  });
  afterAll(async () => {
    await plain.close();
    await allowed.close();
  });
  const get = (h: ConsoleHarness, url: string, host: string) => h.app.inject({ method: 'GET', url, headers: { host } });

  it('refuses to write links for a Host it does not know, and never answers 500 to a malformed one', async () => {
    for (const url of ['/cap.atom', '/feed.atom']) {
      const evil = await get(plain, url, 'evil.example');
      expect(evil.body).not.toContain('evil.example');
      expect(evil.statusCode).toBe(421);
      for (const host of ['exa mple..com:99999', '[::1', 'a@b.example', 'x'.repeat(300), '%00', 'example.com/path']) {
        const odd = await get(plain, url, host);
        expect(odd.statusCode, host).toBeLessThan(500);
        expect(odd.body).not.toContain(host.slice(0, 20));
      }
      expect((await get(plain, url, '127.0.0.1:8080')).statusCode).toBe(200);
    }
    const cap = await get(plain, '/cap.atom', '127.0.0.1:8080');
    expect(cap.body).toContain('<sender>civicast@127.0.0.1</sender>');
  });

  it('uses an allowed host, and varies the cache on it', async () => {
    const res = await get(allowed, '/feed.atom', 'status.city.gov');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('http://status.city.gov/feed.atom');
    expect(res.headers['vary']).toMatch(/host/i);
    expect((await get(allowed, '/feed.atom', 'evil.example')).statusCode).toBe(421);
  });
});

describe('finding 8: only http(s) links reach public pages', () => {
  let h: ConsoleHarness;
  beforeAll(async () => {
    h = await startConsole({}, { 'zz-fresh.yaml': 'http:\n  statusCacheSeconds: 0\n' });
  });
  afterAll(async () => h.close());

  it('drops javascript:, data: and other schemes a platform hands back', async () => {
    const { store } = h.svc.services;
    const post = newPost({ id: 'post:links:console', channel: 'console', parts: ['Plows are out on every route.'], priority: 'routine', dueAt: Date.now(), source: 'user:mia' }, Date.now());
    await store.enqueuePost({ ...post, status: 'sent', sentParts: [{ id: '1', url: 'javascript:alert(document.cookie)' }, { id: '2', url: 'data:text/html,<b>x</b>' }, { id: '3', url: 'https://social.example/@city/1' }] });
    for (const url of ['/status', '/feed.atom', '/status.json']) {
      const res = await h.app.inject({ method: 'GET', url, headers: { host: '127.0.0.1' } });
      expect(res.statusCode).toBe(200);
      expect(res.body).not.toMatch(/javascript:/i);
      expect(res.body).not.toContain('data:text/html');
    }
    expect((await h.app.inject({ method: 'GET', url: '/status.json' })).body).toContain('https://social.example/@city/1');
  });
});

describe('finding 10: repeating posts from config cannot be removed at run time', () => {
  let h: AttackHarness;
  beforeAll(async () => {
    h = await startAttack({}, { 'zz-schedules.yaml': 'schedules:\n  - { id: city-hall-hours, cron: "0 8 * * 1", channels: [console], text: "City Hall opens at 8 on {weekday}." }\n' });
  });
  afterAll(async () => h.close());

  it('refuses replacesSchedule=<config id> in the composer, and a cancel through the API', async () => {
    await h.clients.comms.get('/console/compose');
    const edit = await h.clients.comms.post('/console/compose', { text: 'Gone.', channels: 'console', repeat: 'cron', cron: '0 9 * * 1', replacesSchedule: 'city-hall-hours', action: 'send' });
    expect(edit.status).toBe(409);
    expect((await api(h.base, h.tokens.comms, 'DELETE', '/api/schedules/city-hall-hours')).status).toBe(409);
    expect((await api(h.base, ADMIN_TOKEN, 'DELETE', '/api/schedules/city-hall-hours')).status).toBe(409);
    const schedules = await h.svc.services.scheduler.list();
    expect(schedules.find((s) => s.id === 'city-hall-hours')).toBeDefined();
    // And the refused edit left no stray new schedule behind.
    expect(schedules.filter((s) => s.text === 'Gone.')).toEqual([]);
  });
});

describe('finding 11: the admin API acts as whoever its token belongs to', () => {
  let h: AttackHarness;
  beforeAll(async () => {
    h = await startAttack({ twoPersonRule: true });
    await h.svc.services.pause.set(true, 'test', Date.now());
  });
  afterAll(async () => h.close());

  it('refuses a caller-supplied actor', async () => {
    const res = await api(h.base, ADMIN_TOKEN, 'POST', '/api/posts', { text: 'hi', channels: ['console'], actor: 'manager1' });
    expect(res.status).toBe(400);
    expect((await api(h.base, ADMIN_TOKEN, 'POST', '/api/resume', { actor: 'nobody-such-user' })).status).toBe(400);
  });

  it('audits the token’s owner, and the two-person rule holds across interfaces', async () => {
    const created = await api(h.base, h.tokens.comms, 'POST', '/api/posts', { text: 'Library hours change on Monday.', channels: ['console'] });
    expect(created.status).toBe(201);
    const id = (created.json as { posts: { id: string }[]; awaitingApproval: boolean }).posts[0]?.id as string;
    expect((created.json as { awaitingApproval: boolean }).awaitingApproval).toBe(true);
    expect((await api(h.base, h.tokens.comms, 'POST', `/api/outbox/${encodeURIComponent(id)}/approve`, {})).status).toBe(403);
    // The same person through the console is the same person.
    expect((await h.clients.comms.post(`/console/outbox/${encodeURIComponent(id)}/approve`, {})).status).toBe(403);
    expect((await api(h.base, h.tokens.manager, 'POST', `/api/outbox/${encodeURIComponent(id)}/approve`, {})).status).toBe(200);
    const audit = await h.svc.services.staff.views.audit('staff', 50);
    expect(audit.find((e) => e.action === 'post.create')?.actor).toBe('user:cal');
    expect(audit.find((e) => e.action === 'post.approve')?.actor).toBe('user:mia');
  });

  it('names the CLI surface but the token’s owner as actor; the local admin token is a named service account', async () => {
    const res = await fetch(`${h.base}/api/pause`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json', 'x-civicast-client': 'cli' }, body: JSON.stringify({ reason: 'drill' }) });
    expect(res.status).toBe(200);
    const entry = (await h.svc.services.staff.views.audit('staff', 5)).find((e) => e.action === 'outbox.pause');
    expect(entry).toMatchObject({ actor: 'service:local-admin', where: 'cli' });
    expect((await api(h.base, 'cvc_000000000000_' + 'A'.repeat(43), 'GET', '/api/status')).status).toBe(401);
  });

  it('a revoked token stops at once; a viewer’s token cannot change anything', async () => {
    expect((await api(h.base, h.tokens.viewer, 'POST', '/api/pause', {})).status).toBe(403);
    const made = await api(h.base, h.tokens.admin, 'POST', '/api/tokens', { label: 'ci', service: { name: 'deploy-bot', role: 'comms' } });
    expect(made.status).toBe(201);
    const { token, id } = made.json as { token: string; id: string };
    expect((await api(h.base, token, 'GET', '/api/whoami')).json).toMatchObject({ id: 'service:deploy-bot', role: 'comms' });
    expect((await api(h.base, h.tokens.admin, 'POST', `/api/tokens/${id}/revoke`, {})).status).toBe(200);
    expect((await api(h.base, token, 'GET', '/api/whoami')).status).toBe(401);
  });
});

describe('finding 12: stronger password hashes, upgraded at sign-in', () => {
  let h: ConsoleHarness;
  beforeAll(async () => {
    const legacy = await hashPasswordScryptLegacy(passwordOf('old'));
    h = await startConsole({}, { 'zz-legacy.yaml': `staff:\n  users:\n    - { name: old, role: viewer, passwordHash: "${legacy}" }\n` });
  });
  afterAll(async () => h.close());

  it('a config user with an old scrypt hash signs in, and from then on is checked against argon2id', async () => {
    expect((await h.svc.services.staff.users.get('old'))?.passwordHash).toMatch(/^scrypt\$16384\$/);
    expect((await new FormClient(h.base).login('old')).status).toBe(303);
    expect((await h.svc.services.staff.users.get('old'))?.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,/);
    expect((await new FormClient(h.base).login('old')).status).toBe(303);
    expect((await new FormClient(h.base).login('old', 'not-it')).status).toBe(401);
  });
});

describe('finding 12: /api and /metrics on their own loopback listener', () => {
  let h: ConsoleHarness;
  beforeAll(async () => {
    h = await startConsole({}, { 'zz-admin.yaml': 'http:\n  adminListener: { host: 127.0.0.1, port: 0 }\n' });
  });
  afterAll(async () => h.close());

  it('serves them only there', async () => {
    const adminUrl = h.svc.adminUrl as string;
    expect(adminUrl).not.toBe(h.base);
    expect((await api(h.base, ADMIN_TOKEN, 'GET', '/api/status')).status).toBe(404);
    expect((await fetch(`${h.base}/metrics`)).status).toBe(404);
    expect((await fetch(`${h.base}/status`)).status).toBe(200);
    expect((await api(adminUrl, ADMIN_TOKEN, 'GET', '/api/status')).status).toBe(200);
    expect((await fetch(`${adminUrl}/metrics`)).status).toBe(200);
    expect((await fetch(`${adminUrl}/console/login`)).status).toBe(404);
  });
});
