/**
 * Role × route × method for every console and admin API route, CSRF on every console POST, and
 * the inventory check: every route the app registers is in the tables below (a new route without
 * an entry fails here), and every state-changing one reaches the staff layer as its command.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/logging/logger.js';
import { buildApp } from '../../../src/http/build-app.js';
import { consolePlugin } from '../../../src/http/console/console-plugin.js';
import { registerPublicRoutes } from '../../../src/http/public/public-routes.js';
import { STAFF_COMMANDS as C } from '../../../src/staff/commands/all-commands.js';
import type { StaffCommand } from '../../../src/staff/command.js';
import { ADMIN_TOKEN, api, FormClient, ROLES, startAttack, type AttackHarness, type Role } from './attack-harness.js';

type Least = Exclude<Role, 'anonymous'>;
/** The body a route's sample request sends. */
const bodyOf = (spec: Spec): Record<string, unknown> => (spec.kind === 'command' || spec.kind === 'read' ? (spec.body ?? {}) : {});
/** `command`: a state change through the staff layer. `read`: a page or read model. `open`: no sign-in. `session`: sign-in/out itself. */
type Spec = { kind: 'command'; command: StaffCommand; body: Record<string, unknown> } | { kind: 'read'; least: Least; body?: Record<string, unknown> } | { kind: 'open' } | { kind: 'session' };

const RANK: Record<Role, number> = { anonymous: -1, viewer: 0, comms: 1, manager: 2, admin: 3 };
const cmd = (command: StaffCommand, body: Record<string, unknown> = {}): Spec => ({ kind: 'command', command, body });
const read = (least: Least, body?: Record<string, unknown>): Spec => ({ kind: 'read', least, ...(body === undefined ? {} : { body }) });

/** Ids that exist nowhere: commands reach the layer and fail harmlessly (404), changing nothing. */
const CONSOLE: Record<string, Spec> = {
  'GET /console/*': { kind: 'open' },
  'GET /console/console.css': { kind: 'open' },
  'GET /console/login': { kind: 'session' },
  'POST /console/login': { kind: 'session' },
  'POST /console/logout': { kind: 'session' },
  'GET /console/compose.js': read('viewer'),
  'GET /console': read('viewer'),
  'GET /console/emergencies': read('viewer'),
  'POST /console/emergencies/preview': read('manager', { type: 'snow', params: '' }),
  'POST /console/emergencies/declare': cmd(C.emergencyDeclare, { type: 'no-such-type', params: '', confirmed: 'yes' }),
  'POST /console/emergencies/:id/approve': cmd(C.emergencyApprove),
  'POST /console/emergencies/:id/reject': cmd(C.emergencyReject),
  'POST /console/emergencies/:id/lift': cmd(C.emergencyLift),
  'POST /console/emergencies/:id/update': cmd(C.emergencyUpdate, { params: 'a=1' }),
  'GET /console/compose': read('comms'),
  'POST /console/compose/preview': read('comms', { text: 'hello', channels: 'console' }),
  'POST /console/compose': cmd(C.postQueue, { text: 'Matrix test post.', channels: 'console', action: 'send' }),
  'GET /console/outbox': read('viewer'),
  'POST /console/outbox/:id/approve': cmd(C.outboxApprove),
  'POST /console/outbox/:id/cancel': cmd(C.outboxCancel),
  'POST /console/outbox/:id/retry': cmd(C.outboxRetry),
  'GET /console/schedule': read('viewer'),
  'POST /console/schedule/:id/approve': cmd(C.scheduleApprove),
  'POST /console/schedule/:id/cancel': cmd(C.scheduleCancel),
  'GET /console/audit': read('manager'),
  'GET /console/inbox': read('viewer'),
  'POST /console/inbox/:id/answer': cmd(C.inboxAnswer, { text: 'An answer.' }),
  'POST /console/inbox/:id/resolve': cmd(C.inboxResolve),
  'GET /console/faq': read('viewer'),
  'GET /console/translations': read('comms'),
  'POST /console/translations/approve': cmd(C.translationApprove, { language: 'es', key: 'template:nosuch/topic' }),
  'POST /console/translations/edit': cmd(C.translationEdit, { language: 'es', key: 'template:nosuch/topic', text: 'x' }),
  'GET /console/themes': read('viewer'),
  'POST /console/themes/answer': cmd(C.faqThemeAnswer, { items: 'nosuch', text: 'An answer.' }),
  'POST /console/themes/phrasing': cmd(C.faqPhrasingAdd, { topic: 'no.such_topic', text: 'a phrasing', items: 'nosuch' }),
  'POST /console/themes/phrasings/:id/remove': cmd(C.faqPhrasingRemove),
  'POST /console/themes/draft': cmd(C.faqTopicDraft, { title: 'A topic', answer: 'A proposed answer.', items: 'nosuch' }),
  'POST /console/themes/topic-switch': cmd(C.faqTopicDisable, { topic: 'no.such_topic', action: 'disable' }),
  'POST /console/pause': cmd(C.postingPause, { reason: 'matrix' }),
  'POST /console/resume': cmd(C.postingResume),
  'GET /console/users': read('admin'),
  'POST /console/users': cmd(C.userAdd, { name: 'x', role: 'viewer', password: 'short' }),
  'POST /console/users/:name/role': cmd(C.userSetRole, { role: 'viewer' }),
  'POST /console/users/:name/password': cmd(C.userSetPassword, { password: 'a-long-enough-password' }),
  'POST /console/users/:name/disable': cmd(C.userDisable),
  'POST /console/users/:name/enable': cmd(C.userEnable),
  'POST /console/users/:name/sign-out': cmd(C.userEndSessions),
  'GET /console/account': read('viewer'),
  'POST /console/account/password': cmd(C.accountChangePassword, { current: 'wrong', password: 'another-long-password' }),
  'POST /console/account/sign-out-everywhere': cmd(C.accountSignOutEverywhere),
};
const PUBLIC = ['GET /healthz', 'GET /readyz', 'GET /status', 'GET /status.json', 'GET /feed.atom', 'GET /cap.atom', 'GET /cap/:file'];
const API: Record<string, Spec> = {
  'GET /api/status': read('viewer'),
  'GET /api/whoami': read('viewer'),
  'POST /api/posts': cmd(C.postQueue, { text: 'Matrix API post.', channels: ['console'] }),
  'GET /api/outbox': read('viewer'),
  'POST /api/outbox/:id/retry': cmd(C.outboxRetry),
  'POST /api/outbox/:id/cancel': cmd(C.outboxCancel),
  'POST /api/outbox/:id/approve': cmd(C.outboxApprove),
  'POST /api/outbox/:id/edit': cmd(C.postEdit, { text: 'x', channels: ['console'] }),
  'GET /api/schedules': read('viewer'),
  'POST /api/schedules': cmd(C.scheduleAdd, { cron: '61 * * * *', channels: ['console'], text: 'x' }),
  'POST /api/schedules/:id/approve': cmd(C.scheduleApprove),
  'POST /api/schedules/:id/edit': cmd(C.scheduleEdit, { cron: '0 8 * * 1', channels: ['console'], text: 'x' }),
  'DELETE /api/schedules/:id': cmd(C.scheduleCancel),
  'GET /api/audit': read('manager'),
  'POST /api/pause': cmd(C.postingPause),
  'POST /api/resume': cmd(C.postingResume),
  'GET /api/emergencies': read('viewer'),
  'POST /api/emergencies': cmd(C.emergencyDeclare, { type: 'no-such-type' }),
  'POST /api/emergencies/:id/update': cmd(C.emergencyUpdate),
  'POST /api/emergencies/:id/approve': cmd(C.emergencyApprove),
  'POST /api/emergencies/:id/reject': cmd(C.emergencyReject),
  'POST /api/emergencies/:id/lift': cmd(C.emergencyLift),
  'GET /api/inbox': read('viewer'),
  'POST /api/inbox/:id/reply': cmd(C.inboxAnswer, { text: 'x' }),
  'POST /api/inbox/:id/resolve': cmd(C.inboxResolve),
  'POST /api/backup': cmd(C.storeBackup, { file: '/nonexistent-civicast-dir/backup.db' }),
  'POST /api/ask': read('viewer', { text: 'where do I park?' }),
  'GET /api/preview/:type': read('viewer'),
  'GET /api/feeds': read('viewer'),
  'POST /api/feeds/:id/poll': cmd(C.feedPoll),
  'POST /api/feeds/:id/resume': cmd(C.feedResume),
  'GET /api/users': read('admin'),
  'POST /api/users': cmd(C.userAdd, { name: 'y', role: 'viewer', password: 'short' }),
  'POST /api/users/:name/role': cmd(C.userSetRole, { role: 'viewer' }),
  'POST /api/users/:name/password': cmd(C.userSetPassword, { password: 'a-long-enough-password' }),
  'POST /api/users/:name/disable': cmd(C.userDisable),
  'POST /api/users/:name/enable': cmd(C.userEnable),
  'POST /api/users/:name/sign-out': cmd(C.userEndSessions),
  'GET /api/tokens': read('viewer'),
  'POST /api/tokens': cmd(C.tokenCreate, { label: 'x', service: { name: 'matrix-bot', role: 'viewer' } }),
  'POST /api/tokens/:id/revoke': cmd(C.tokenRevoke),
  'GET /api/faq/themes': read('viewer'),
  'GET /api/faq/stale-replies': read('viewer'),
  'GET /api/records': cmd(C.recordsExport),
  'POST /api/faq/themes/answer': cmd(C.faqThemeAnswer, { ids: ['nosuch'], text: 'x' }),
  'POST /api/faq/phrasings': cmd(C.faqPhrasingAdd, { topic: 'no.such_topic', text: 'a phrasing' }),
  'POST /api/faq/phrasings/:id/remove': cmd(C.faqPhrasingRemove),
  'POST /api/faq/drafts': cmd(C.faqTopicDraft, { title: 'A topic', answer: 'A proposed answer.', items: ['nosuch'] }),
  'POST /api/faq/topics/:topic/disable': cmd(C.faqTopicDisable),
  'POST /api/faq/topics/:topic/enable': cmd(C.faqTopicEnable),
  'GET /api/translations': read('viewer'),
  'GET /api/translations/summary': read('viewer'),
  'GET /api/translations/reviews': read('viewer'),
  'GET /api/translations/ledger/:language': read('comms'),
  'POST /api/translations/approve': cmd(C.translationApprove, { language: 'es', key: 'template:nosuch/topic' }),
  'POST /api/translations/edit': cmd(C.translationEdit, { language: 'es', key: 'template:nosuch/topic', text: 'x' }),
};

/** A concrete path for a route: placeholders become ids that exist nowhere. */
const concrete = (url: string) => url.replace(':name', 'nosuchuser').replace(':language', 'es').replace(':type', 'snow').replace(':file', 'none.xml').replace(':topic', 'no.such_topic').replace(':id', url.includes('/tokens/') ? '000000000000' : 'nosuch').replace('/*', '/no-such-page');
const least = (spec: Spec): Least | undefined => (spec.kind === 'command' ? (spec.command.role as Least) : spec.kind === 'read' ? spec.least : undefined);
/** The session-ending route runs last, so the other routes keep their signed-in clients. */
const order = (keys: string[]) => [...keys.filter((k) => !k.endsWith('sign-out-everywhere')), ...keys.filter((k) => k.endsWith('sign-out-everywhere'))];

describe('every console and API route, for every role', () => {
  let h: AttackHarness;
  const inventory: string[] = [];
  beforeAll(async () => {
    h = await startAttack({ twoPersonRule: true });
    await h.svc.services.pause.set(true, 'test', Date.now());
    const services = h.svc.services;
    const app = await buildApp({ services, logger: createLogger({ level: 'silent' }), adminToken: ADMIN_TOKEN, bodyLimitBytes: 1_000_000, onRoute: (r) => inventory.push(...[r.method].flat().filter((m) => m !== 'HEAD').map((m) => `${m} ${r.url}`)), plugins: [(a) => registerPublicRoutes(a, services, { webDir: path.resolve('web') }), consolePlugin(services)] });
    await app.close();
  });
  afterAll(async () => h.close());

  it('has every registered route in a table (add a new route to it, with its command or read role)', () => {
    const known = new Set([...Object.keys(CONSOLE), ...Object.keys(API), ...PUBLIC]);
    expect(inventory.filter((route) => !known.has(route))).toEqual([]);
    expect([...known].filter((route) => !inventory.includes(route))).toEqual([]);
  });

  it('console: anonymous is sent to sign in; lower roles get 403; allowed roles reach the command', async () => {
    for (const key of order(Object.keys(CONSOLE))) {
      const spec = CONSOLE[key] as Spec;
      const [method, url] = key.split(' ') as [string, string];
      const min = least(spec);
      if (min === undefined) continue;
      for (const role of ROLES) {
        h.events.length = 0;
        const client = role === 'anonymous' ? new FormClient(h.base) : h.clients[role];
        if (role !== 'anonymous') await client.get('/console');
        const res = method === 'GET' ? await client.get(concrete(url)) : await client.post(concrete(url), bodyOf(spec) as Record<string, string>);
        const what = `${role} ${key}`;
        if (role === 'anonymous') {
          expect(res.status, what).toBe(method === 'GET' ? 303 : 403);
          expect(h.events, what).toEqual([]);
        } else if (RANK[role] < RANK[min]) {
          expect(res.status, what).toBe(403);
          // Refused by the layer's role check, or by the page before it (the composer): never run.
          expect(h.events.filter((e) => e.outcome !== 'denied'), what).toEqual([]);
        } else if (spec.kind === 'command') {
          expect(res.status, what).not.toBe(401);
          expect(h.events.map((e) => e.command), what).toEqual([spec.command.name]);
          expect(h.events[0]?.outcome, what).not.toBe('denied');
          expect(h.events[0]?.actor.id, what).toBe(`user:${{ viewer: 'vic', comms: 'cal', manager: 'mia', admin: 'ada' }[role]}`);
        } else {
          expect(res.status, what).toBe(200);
        }
      }
    }
  });

  it('admin API: no token 401; lower roles 403; allowed roles reach the command as the token’s owner', async () => {
    // "Sign out everywhere" above also revoked everyone's personal tokens: fresh ones.
    for (const [role, name] of [['viewer', 'vic'], ['comms', 'cal'], ['manager', 'mia'], ['admin', 'ada']] as const) h.tokens[role] = (await h.svc.services.staff.tokens.create('matrix', { kind: 'user', name }, 'test', Date.now())).token;
    for (const key of Object.keys(API)) {
      const spec = API[key] as Spec;
      const [method, url] = key.split(' ') as [string, string];
      const min = least(spec) as Least;
      for (const role of ROLES) {
        h.events.length = 0;
        const body = method === 'GET' || method === 'DELETE' ? undefined : bodyOf(spec);
        const res = await api(h.base, role === 'anonymous' ? undefined : h.tokens[role], method, concrete(url), body);
        const what = `${role} ${key}`;
        if (role === 'anonymous') {
          expect(res.status, what).toBe(401);
          expect(h.events, what).toEqual([]);
        } else if (RANK[role] < RANK[min] && !(spec.kind === 'command' && spec.command === C.tokenRevoke)) {
          expect(res.status, what).toBe(403);
        } else if (spec.kind === 'command') {
          expect(h.events.map((e) => e.command), what).toEqual([spec.command.name]);
          expect(h.events[0]?.outcome, what).not.toBe('denied');
        } else {
          expect(res.status, what).toBe(200);
        }
      }
    }
  });

  it('refuses every console POST without the session’s CSRF token, before any command runs', async () => {
    const admin = new FormClient(h.base);
    await admin.login('ada');
    for (const key of Object.keys(CONSOLE).filter((k) => k.startsWith('POST ') && CONSOLE[k]?.kind !== 'session')) {
      h.events.length = 0;
      const spec = CONSOLE[key] as Spec;
      const body = (spec.kind === 'command' ? spec.body : spec.kind === 'read' ? spec.body ?? {} : {}) as Record<string, string>;
      expect((await admin.post(concrete(key.slice(5)), body, { csrf: null })).status, key).toBe(403);
      expect((await admin.post(concrete(key.slice(5)), body, { csrf: 'x'.repeat(43) })).status, key).toBe(403);
      expect(h.events, key).toEqual([]);
    }
    // The sign-in form: its double-submit token.
    const noCookie = await fetch(`${h.base}/console/login`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ username: 'ada', password: 'pw-ada-correct-horse', _csrf: 'x'.repeat(43) }) });
    expect(noCookie.status).toBe(403);
  });
});
