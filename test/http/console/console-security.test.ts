import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FormClient, passwordOf, startConsole, type ConsoleHarness } from './console-harness.js';

describe('console security (HTTP, no browser)', () => {
  let h: ConsoleHarness;
  beforeAll(async () => {
    h = await startConsole();
  });
  afterAll(async () => {
    await h.close();
  });
  const openEmergencies = async () => (await h.svc.services.emergencies.list()).filter((e) => e.status === 'active' || e.status === 'proposed');

  it('sends every page to sign-in without a session, and refuses a POST', async () => {
    const anon = new FormClient(h.base);
    for (const path of ['/console', '/console/outbox', '/console/faq']) {
      const page = await anon.get(path);
      expect(page.status).toBe(303);
      expect(page.location).toBe('/console/login');
    }
    expect((await anon.post('/console/pause', {}, { csrf: 'anything' })).status).toBe(403);
    expect(await h.svc.services.pause.isPaused(Date.now())).toBe(false);
  });

  it('gives the same generic error for a wrong password and an unknown user', async () => {
    const wrong = await new FormClient(h.base).login('mia', 'not-the-password');
    const unknown = await new FormClient(h.base).login('nobody', 'whatever');
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    const message = (html: string) => /id="login-error">([^<]*)</.exec(html)?.[1];
    expect(message(wrong.html)).toBe('Wrong user name or password.');
    expect(message(unknown.html)).toBe(message(wrong.html));
  });

  it('sets a HttpOnly, SameSite=Strict session cookie and ends it on sign-out', async () => {
    const c = new FormClient(h.base);
    await c.get('/console/login');
    const response = await fetch(`${h.base}/console/login`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `civicast_login=${c.csrf}` }, body: new URLSearchParams({ username: 'vic', password: 'pw-vic-correct-horse', _csrf: c.csrf }) });
    const cookie = response.headers.getSetCookie().find((l) => l.startsWith('civicast_session='));
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    const signedIn = new FormClient(h.base);
    await signedIn.login('vic');
    expect((await signedIn.get('/console')).status).toBe(200);
    expect((await signedIn.post('/console/logout', {})).status).toBe(303);
    expect((await signedIn.get('/console')).status).toBe(303);
  });

  it('refuses a forged POST from a viewer with 403 and changes nothing', async () => {
    const viewer = new FormClient(h.base);
    await viewer.login('vic');
    const page = await viewer.get('/console/emergencies');
    expect(page.html).not.toContain('Preview posts');
    expect(page.html).not.toContain('/console/emergencies/declare');
    const declare = await viewer.post('/console/emergencies/declare', { type: 'snow', params: '', confirmed: 'yes' });
    expect(declare.status).toBe(403);
    expect(await openEmergencies()).toEqual([]);
    expect((await viewer.post('/console/pause', {})).status).toBe(403);
    expect(await h.svc.services.pause.isPaused(Date.now())).toBe(false);
    const countsBefore = await h.svc.services.store.countPosts();
    expect((await viewer.post('/console/compose', { text: 'Forged', channels: 'console', action: 'send' })).status).toBe(403);
    expect(await h.svc.services.store.countPosts()).toEqual(countsBefore);
  });

  it('refuses a POST without or with a wrong CSRF token (403) and changes nothing', async () => {
    const manager = new FormClient(h.base);
    await manager.login('mia');
    const form = { type: 'snow', params: '', confirmed: 'yes' };
    expect((await manager.post('/console/emergencies/declare', form, { csrf: null })).status).toBe(403);
    expect((await manager.post('/console/emergencies/declare', form, { csrf: 'x'.repeat(43) })).status).toBe(403);
    // Another user's valid token is still the wrong token for this session.
    const other = new FormClient(h.base);
    await other.login('ada');
    expect((await manager.post('/console/emergencies/declare', form, { csrf: other.csrf })).status).toBe(403);
    expect((await other.post('/console/pause', {}, { csrf: null })).status).toBe(403);
    expect(await openEmergencies()).toEqual([]);
    expect(await h.svc.services.pause.isPaused(Date.now())).toBe(false);
  });

  it('two-person rule: comms A composes, A cannot approve, comms B approves', async () => {
    const a = new FormClient(h.base);
    const b = new FormClient(h.base);
    await a.login('cal');
    await b.login('cora');
    const sent = await a.post('/console/compose', { text: 'Trash pickup is one day late this week.', channels: ['console'], action: 'send' });
    expect(sent.status).toBe(303);
    expect(sent.location).toBe('/console/outbox?done=awaiting');
    const post = (await h.svc.services.store.listPosts({ status: 'pending' })).find((p) => p.createdBy === 'cal');
    expect(post?.awaitingApproval).toBe(true);
    const id = post?.id ?? '';
    const ownView = await a.get('/console/outbox');
    expect(ownView.html).not.toContain(`/console/outbox/${id}/approve`);
    const selfApprove = await a.post(`/console/outbox/${id}/approve`, {});
    expect(selfApprove.status).toBe(403);
    expect((await h.svc.services.outbox.get(id))?.awaitingApproval).toBe(true);
    // A comms user cannot use the manager's override either.
    expect((await a.post(`/console/outbox/${id}/approve`, { override: 'on' })).status).toBe(403);
    expect((await b.get('/console/outbox')).html).toContain(`/console/outbox/${id}/approve`);
    expect((await b.post(`/console/outbox/${id}/approve`, {})).status).toBe(303);
    expect((await h.svc.services.outbox.get(id))?.awaitingApproval).not.toBe(true);
    const audit = await h.svc.services.store.tailAudit(50);
    expect(audit.find((e) => e.action === 'post.approve' && e.target === id)?.actor).toBe('user:cora');
    expect(audit.find((e) => e.action === 'post.create' && e.target === id)?.actor).toBe('user:cal');
  });

  it('lets a manager release their own post with the audited emergency override', async () => {
    await h.svc.services.pause.set(true, 'test', Date.now());
    try {
      const posts = h.svc.services.composePosts({ text: 'Shelter open at the rec center.', channels: ['console'], actor: 'user:mia', awaitingApproval: true });
      await h.svc.services.outbox.enqueueAll(posts);
      const id = posts[0]?.id ?? '';
      const mia = new FormClient(h.base);
      await mia.login('mia');
      expect((await mia.get('/console/outbox')).html).toContain('Emergency override');
      expect((await mia.post(`/console/outbox/${id}/approve`, {})).status).toBe(403);
      expect((await mia.post(`/console/outbox/${id}/approve`, { override: 'on' })).status).toBe(303);
      expect((await h.svc.services.outbox.get(id))?.awaitingApproval).not.toBe(true);
      expect((await h.svc.services.store.tailAudit(20)).find((e) => e.action === 'post.approve.override')).toMatchObject({ actor: 'user:mia', target: id });
    } finally {
      await h.svc.services.pause.set(false, 'test', Date.now());
    }
  });

  it('answers an inbox item: a reply post is created and the item closes', async () => {
    const message = { id: 'm-1', channel: 'console', author: { id: 'u1', handle: 'resident' }, text: 'My street has not been plowed in 3 days', isDirect: false, createdAt: Date.now(), receivedAt: Date.now(), replyTarget: { messageId: 'm-1' } };
    const item = await h.svc.services.inbox.add(message, { kind: 'handoff', danger: 'none', dangerKinds: [], topic: null, confidence: 0.2, locale: 'en', reply: null, latencyMs: 1 }, 'low-confidence');
    const comms = new FormClient(h.base);
    await comms.login('cal');
    const page = await comms.get('/console/inbox');
    expect(page.html).toContain('My street has not been plowed');
    const answered = await comms.post(`/console/inbox/${encodeURIComponent(item.id)}/answer`, { text: 'Thanks, we sent this to Streets. Crews are on secondary roads today.' });
    expect(answered.status).toBe(303);
    const reply = await h.svc.services.outbox.get('reply:console:m-1:staff');
    expect(reply?.parts.join(' ')).toContain('Crews are on secondary roads');
    expect(reply?.replyTo?.messageId).toBe('m-1');
    expect((await h.svc.services.inbox.get(item.id)).status).toBe('answered');
    // The same form sent again (a double click, a back button) posts nothing more.
    const again = await comms.post(`/console/inbox/${encodeURIComponent(item.id)}/answer`, { text: 'Thanks, we sent this to Streets. Crews are on secondary roads today.' });
    expect(again.location).toBe('/console/inbox?done=already-answered');
    expect((await h.svc.services.store.listPosts({})).filter((p) => p.id.startsWith('reply:console:m-1'))).toHaveLength(1);
    expect((await h.svc.services.store.tailAudit(20)).find((e) => e.action === 'inbox.answer')?.actor).toBe('user:cal');
  });

  it('shows the composer check: parts per channel and a readability warning', async () => {
    const comms = new FormClient(h.base);
    await comms.login('cal');
    const hard = 'Residents are respectfully requested to relocate automobiles currently situated along designated thoroughfares immediately.';
    const check = await comms.post('/console/compose', { text: hard, channels: ['all'], action: 'check' });
    expect(check.status).toBe(200);
    expect(check.html).toContain('Above the limit of grade 8');
    expect(check.html).toMatch(/<th scope="row">console<\/th>/);
  });
});

/** One sign-in attempt as a browser behind a proxy would make it: the proxy adds X-Forwarded-For. */
async function loginFrom(base: string, forwardedFor: string, username: string, password: string): Promise<number> {
  const form = await fetch(`${base}/console/login`);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1] ?? '';
  const cookie = form.headers.getSetCookie().map((line) => line.split(';')[0]).join('; ');
  const response = await fetch(`${base}/console/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie, 'x-forwarded-for': forwardedFor },
    body: new URLSearchParams({ username, password, _csrf: csrf }),
  });
  return response.status;
}

describe('console sign-in rate limit behind a reverse proxy (http.trustProxy)', () => {
  let h: ConsoleHarness;
  beforeAll(async () => {
    h = await startConsole({ loginAttemptsPer15Min: 3 }, { 'zz-http.yaml': 'http:\n  trustProxy: ["127.0.0.1"]\n' });
  });
  afterAll(async () => {
    await h.close();
  });

  it('counts attempts per client address, so one attacker cannot lock every colleague out', async () => {
    for (let i = 0; i < 3; i++) expect(await loginFrom(h.base, '203.0.113.7', `nobody${i}`, 'guess')).toBe(401);
    expect(await loginFrom(h.base, '203.0.113.7', 'nobody9', 'guess')).toBe(429);
    // A colleague behind the same proxy, from another address, still signs in.
    expect(await loginFrom(h.base, '198.51.100.20', 'mia', passwordOf('mia'))).toBe(303);
    const limited = (await h.svc.services.staff.views.audit('security', 20)).find((e) => e.action === 'console.login.limited');
    expect(limited?.detail).toEqual({ ip: '203.0.113.7', knownBrowser: false });
  });
});

describe('console sign-in rate limit', () => {
  let h: ConsoleHarness;
  beforeAll(async () => {
    h = await startConsole({ loginAttemptsPer15Min: 10 });
  });
  afterAll(async () => {
    await h.close();
  });

  it('refuses the 11th attempt in a window, even with the right password', async () => {
    const c = new FormClient(h.base);
    for (let i = 0; i < 10; i++) expect((await c.login('mia', `guess-${i}`)).status).toBe(401);
    const eleventh = await c.login('mia');
    expect(eleventh.status).toBe(429);
    expect(eleventh.html).toContain('Too many failed sign-ins');
    expect((await h.svc.services.staff.views.audit('security', 5)).some((e) => e.action === 'console.login.limited')).toBe(true);
    // Without http.trustProxy a forged X-Forwarded-For changes nothing: still this address's bucket.
    expect(await loginFrom(h.base, '198.51.100.99', 'ada', passwordOf('ada'))).toBe(429);
  });
});
