import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FormClient, startConsole, type ConsoleHarness } from './console-harness.js';

describe('console: audit log page', () => {
  let h: ConsoleHarness;
  const client = async (name: string) => {
    const c = new FormClient(h.base);
    await c.login(name);
    return c;
  };
  beforeAll(async () => {
    h = await startConsole();
  });
  afterAll(async () => {
    await h.close();
  });

  it('shows managers who did what, newest first, filtered; hostile text stays text', async () => {
    const { services } = h.svc;
    await services.store.appendAudit({ at: Date.now() - 2000, actor: 'user:cal', action: 'post.create', target: 'post:1', where: 'console', detail: { channels: ['audit'] } });
    await services.store.appendAudit({ at: Date.now() - 1000, actor: 'feed:nws', action: 'emergency.propose', target: 'flood-1', detail: { reason: '<script>alert(1)</script>\u202e' } });
    const mia = await client('mia');
    const page = await mia.get('/console/audit');
    expect(page.status).toBe(200);
    expect(page.html).toContain('href="/console/audit"');
    const rows = [...page.html.matchAll(/<tr><td>[^<]*<\/td><td>([^<]*)<\/td><td>([^<]*)<\/td>/g)].map((m) => `${m[1]} ${m[2]}`);
    expect(rows.indexOf('feed:nws emergency.propose')).toBeLessThan(rows.indexOf('user:cal post.create'));
    // Sign-ins are security events, kept apart from staff actions (and shown on their own).
    expect(rows).not.toContain('user:mia console.login');
    const security = await mia.get('/console/audit?stream=security');
    expect([...security.html.matchAll(/<tr><td>[^<]*<\/td><td>([^<]*)<\/td><td>([^<]*)<\/td>/g)].map((m) => `${m[1]} ${m[2]}`)).toContain('user:mia console.login');
    expect(page.html).not.toContain('<script>alert(1)');
    expect(page.html).not.toContain('\u202e');

    const filtered = await mia.get('/console/audit?actor=cal&action=post');
    const filteredRows = [...filtered.html.matchAll(/<tr><td>[^<]*<\/td><td>([^<]*)<\/td><td>([^<]*)<\/td>/g)].map((m) => `${m[1]} ${m[2]}`);
    expect(filteredRows).toEqual(['user:cal post.create']);
  });

  it('is not for viewers or comms staff: no link, and 403', async () => {
    for (const name of ['vic', 'cal']) {
      const c = await client(name);
      const dashboard = await c.get('/console');
      expect(dashboard.html).not.toContain('href="/console/audit"');
      expect((await c.get('/console/audit')).status).toBe(403);
    }
  });
});
