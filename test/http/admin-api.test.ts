import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emergency } from '../../src/domain/emergency.js';
import type { Post } from '../../src/domain/post.js';
import { createLogger } from '../../src/logging/logger.js';
import { startService, type RunningService } from '../../src/main.js';
import { makeTestConfig, testEnv } from '../support/test-config.js';

const TOKEN = 'test-admin-token-0123456789';

describe('admin API', () => {
  let svc: RunningService;
  const auth = { authorization: `Bearer ${TOKEN}` };
  beforeAll(async () => {
    const { dir, configDir } = makeTestConfig();
    svc = await startService({ env: testEnv(configDir, { ADMIN_TOKEN: TOKEN }), logger: createLogger({ level: 'silent' }), runtimeDir: `${dir}/run` });
    await svc.services.pause.set(true, 'test', Date.now()); // keep posts in the outbox for inspection
  });
  afterAll(async () => {
    await svc.close();
  });
  const inject = (method: string, url: string, payload?: unknown, headers: Record<string, string> = auth) =>
    svc.app!.inject({ method: method as 'GET', url, headers, ...(payload === undefined ? {} : { payload: payload as object }) });

  it('answers health and readiness without a token', async () => {
    expect((await inject('GET', '/healthz', undefined, {})).json()).toEqual({ ok: true });
    const ready = await inject('GET', '/readyz', undefined, {});
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toMatchObject({ ready: true, reasons: [], store: { kind: 'sqlite', reachable: true } });
    expect((ready.json() as { checks: { name: string; ok: boolean }[] }).checks.map((c) => [c.name, c.ok])).toEqual([
      ['posting', true],
      ['store', true],
      ['channels', true],
      ['campaign-work', true],
      ['channel-delivery', true],
      ['feeds', true],
    ]);
  });

  it('refuses missing and wrong tokens on every admin route', async () => {
    for (const [method, url] of [['GET', '/api/status'], ['POST', '/api/posts'], ['POST', '/api/pause'], ['GET', '/api/audit'], ['POST', '/api/emergencies']] as const) {
      expect((await inject(method, url, {}, {})).statusCode).toBe(401);
      expect((await inject(method, url, {}, { authorization: 'Bearer wrong' })).statusCode).toBe(401);
    }
    expect((await inject('GET', '/api/outbox')).statusCode).toBe(200);
  });

  it('queues a post per channel, lists, cancels and retries it, and audits it all', async () => {
    const created = await inject('POST', '/api/posts', { text: 'Trash pickup is on schedule.', channels: ['console', 'audit'] });
    expect(created.statusCode).toBe(201);
    const body = created.json() as { created: number; posts: { id: string }[] };
    expect(body.created).toBe(2);
    const id = body.posts[0]?.id as string;
    const pending = (await inject('GET', '/api/outbox?status=pending')).json() as Post[];
    expect(pending.map((p) => p.id)).toContain(id);
    expect((await inject('POST', `/api/outbox/${id}/cancel`, {})).json()).toMatchObject({ status: 'cancelled' });
    expect((await inject('POST', `/api/outbox/${id}/cancel`, {})).statusCode).toBe(409);
    expect((await inject('POST', `/api/outbox/${id}/retry`, {})).json()).toMatchObject({ status: 'pending' });
    const audit = (await inject('GET', '/api/audit?n=10')).json() as { action: string; actor: string }[];
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['post.create', 'post.cancel', 'post.retry']));
    // The local admin token is a service account: the audit names it, not a name the caller chose.
    expect(audit.find((a) => a.action === 'post.create')?.actor).toBe('service:local-admin');
  });

  it('rejects bad bodies with the field at fault and unknown channels by name', async () => {
    const bad = await inject('POST', '/api/posts', { text: '', channels: 'console' });
    expect(bad.statusCode).toBe(400);
    expect(JSON.stringify(bad.json())).toMatch(/"path":"text"/);
    const unknown = await inject('POST', '/api/posts', { text: 'hi', channels: ['fax'] });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json()).toMatchObject({ error: 'INVALID_INPUT', message: 'unknown channel or group "fax"' });
    const oversized = await inject('POST', '/api/posts', { text: 'x'.repeat(2_000_000), channels: ['console'] });
    expect(oversized.statusCode).toBe(413);
  });

  it('adds, lists and cancels a schedule; rejects a bad cron', async () => {
    const add = await inject('POST', '/api/schedules', { id: 'weekday-morning', cron: '0 7 * * 1-5', channels: ['console'], text: 'Good morning' });
    expect(add.statusCode).toBe(201);
    const list = (await inject('GET', '/api/schedules')).json() as { id: string; nextRun: string | null }[];
    expect(list.find((s) => s.id === 'weekday-morning')?.nextRun).toMatch(/^20/);
    expect((await inject('POST', '/api/schedules', { id: 'bad', cron: '61 * * * *', channels: ['console'], text: 'x' })).statusCode).toBe(400);
    expect((await inject('DELETE', '/api/schedules/weekday-morning')).statusCode).toBe(200);
    expect((await inject('DELETE', '/api/schedules/weekday-morning')).statusCode).toBe(404);
  });

  it('approves a repeating post that waits for a second person, once', async () => {
    const waiting = await svc.services.scheduler.add({ id: 'from-console', cron: '0 8 * * 1', timeZone: 'America/New_York', channels: ['console'], text: 'Monday {date}', priority: 'routine', createdBy: 'user:cal', awaitingApproval: true });
    expect(waiting.awaitingApproval).toBe(true);
    const approved = await inject('POST', '/api/schedules/from-console/approve', {});
    expect(approved.statusCode).toBe(200);
    expect(approved.json()).toMatchObject({ id: 'from-console', awaitingApproval: false });
    expect((await inject('POST', '/api/schedules/from-console/approve', {})).statusCode).toBe(409);
    expect((await svc.services.store.tailAudit(5)).some((e) => e.action === 'schedule.approve' && e.actor === 'service:local-admin')).toBe(true);
  });

  it('pauses and resumes, and status shows it', async () => {
    await inject('POST', '/api/pause', { reason: 'wrong template' });
    expect((await inject('GET', '/api/status')).json()).toMatchObject({ paused: { paused: true, by: 'service:local-admin', reason: 'wrong template' } });
    await inject('POST', '/api/resume', {});
    expect((await inject('GET', '/api/status')).json()).toMatchObject({ paused: null });
    await inject('POST', '/api/pause', {});
  });

  it('declares, updates and lifts an emergency; refuses illegal transitions', async () => {
    const declared = await inject('POST', '/api/emergencies', { type: 'snow', params: { trashDelayDays: 1 } });
    expect(declared.statusCode).toBe(201);
    const e = declared.json() as Emergency;
    expect(e).toMatchObject({ type: 'snow', status: 'active' });
    const updated = (await inject('POST', `/api/emergencies/${e.id}/update`, { params: { trashDelayDays: 2 } })).json() as Emergency;
    expect(updated.params['trashDelayDays']).toBe(2);
    expect(updated.revision).toBe(1);
    expect((await inject('POST', `/api/emergencies/${e.id}/approve`, {})).statusCode).toBe(409);
    expect((await inject('POST', `/api/emergencies/${e.id}/lift`, { reason: 'roads clear' })).json()).toMatchObject({ status: 'lifted' });
    expect((await inject('POST', '/api/emergencies', { type: 'volcano' })).statusCode).toBe(400);
  });
});
