import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { epochToCityTime } from '../../../src/http/console/local-time.js';
import { FormClient, startConsole, type ConsoleHarness } from './console-harness.js';

const NY = 'America/New_York';
/** A Monday 07:30 in New York, a few weeks ahead of any test run's clock. */
function nextMondayMorning(): string {
  const day = new Date(Date.now() + 21 * 86_400_000);
  while (day.getUTCDay() !== 1) day.setUTCDate(day.getUTCDate() + 1);
  return `${day.toISOString().slice(0, 10)}T07:30`;
}

describe('console: repeating posts, the schedule page, and editing', () => {
  let h: ConsoleHarness;
  const client = async (name: string) => {
    const c = new FormClient(h.base);
    await c.login(name);
    await c.get('/console/compose');
    return c;
  };
  const schedules = async () => (await h.svc.services.scheduler.list()).filter((s) => s.origin === 'runtime');
  const audit = async () => (await h.svc.services.store.tailAudit(200)).map((a) => `${a.action} ${a.actor}`);

  beforeAll(async () => {
    h = await startConsole({ twoPersonRule: true });
  });
  afterAll(async () => {
    await h.close();
  });

  it('a comms user schedules a weekly post; it waits for a second person, who approves it', async () => {
    const cal = await client('cal');
    const first = nextMondayMorning();
    const check = await cal.post('/console/compose', { text: 'Trash and recycling go out tonight, {weekday}.', channels: 'audit', at: first, repeat: 'weekly', action: 'check' });
    expect(check.status).toBe(200);
    expect(check.html).toContain('every Monday at 07:30');
    const sent = await cal.post('/console/compose', { text: 'Trash and recycling go out tonight, {weekday}.', channels: 'audit', at: first, repeat: 'weekly', action: 'send' });
    expect(sent.status).toBe(303);
    expect(sent.location).toBe('/console/schedule?done=schedule-awaiting');
    const [schedule] = await schedules();
    expect(schedule).toMatchObject({ cron: '30 7 * * 1', timeZone: NY, channels: ['audit'], createdBy: 'user:cal', awaitingApproval: true });
    expect(epochToCityTime(schedule?.startsAt ?? 0, NY)).toBe(first);

    // The author sees it waiting, without an approve button; a colleague approves it.
    const own = await cal.get('/console/schedule');
    expect(own.html).toContain(`data-schedule-id="${schedule?.id}"`);
    expect(own.html).toContain('needs approval');
    expect(own.html).not.toContain(`action="/console/schedule/${schedule?.id}/approve"`);
    expect((await cal.post(`/console/schedule/${schedule?.id}/approve`, {})).status).toBe(403);
    const cora = await client('cora');
    expect((await cora.get('/console/schedule')).html).toContain(`action="/console/schedule/${schedule?.id}/approve"`);
    expect((await cora.post(`/console/schedule/${schedule?.id}/approve`, {})).location).toBe('/console/schedule?done=approved');
    expect((await schedules())[0]?.awaitingApproval).toBe(false);
    expect(await audit()).toEqual(expect.arrayContaining(['schedule.add user:cal', 'schedule.approve user:cora']));
    // Approved but starting in three weeks: nothing of it on the 7-day timeline yet.
    const timeline = (html: string) => /<section aria-labelledby="h-timeline">([\s\S]*?)<\/section>/.exec(html)?.[1] ?? '';
    expect(timeline((await cora.get('/console/schedule')).html)).not.toContain(`data-schedule-id="${schedule?.id}"`);
    // A daily repeat that has started shows its next run there.
    await h.svc.services.scheduler.add({ id: 'daily-now', cron: '0 6 * * *', timeZone: NY, channels: ['audit'], text: 'Daily {date}', priority: 'routine', createdBy: 'user:mia' });
    expect(timeline((await cora.get('/console/schedule')).html)).toContain('data-schedule-id="daily-now"');
    await h.svc.services.scheduler.cancel('daily-now', 'user:mia');
  });

  it('editing a repeating post replaces it; stopping it removes it; a viewer can do neither', async () => {
    const [before] = await schedules();
    const cal = await client('cal');
    const form = await cal.get(`/console/compose?schedule=${before?.id}`);
    expect(form.html).toContain('Edit a repeating post');
    expect(form.html).toContain(`name="replacesSchedule" value="${before?.id}"`);
    expect(form.html).toContain('value="30 7 * * 1"');
    const saved = await cal.post('/console/compose', { text: 'Weekday reminder for {date}: move cars from the snow route.', channels: 'audit', repeat: 'cron', cron: '0 8 * * 1-5', replacesSchedule: before?.id ?? '', action: 'send' });
    expect(saved.status).toBe(303);
    const after = await schedules();
    expect(after.map((s) => s.id)).not.toContain(before?.id);
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({ cron: '0 8 * * 1-5', awaitingApproval: true });

    const vic = await client('vic');
    const view = await vic.get('/console/schedule');
    expect(view.status).toBe(200);
    expect(view.html).not.toContain(`/console/schedule/${after[0]?.id}/cancel`);
    expect((await vic.post(`/console/schedule/${after[0]?.id}/cancel`, {})).status).toBe(403);
    const mia = await client('mia');
    expect((await mia.post(`/console/schedule/${after[0]?.id}/cancel`, {})).location).toBe('/console/schedule?done=schedule-cancelled');
    expect(await schedules()).toEqual([]);
    expect(await audit()).toContain('schedule.cancel user:mia');
  });

  it('refuses a bad repeat clearly and creates nothing', async () => {
    const cal = await client('cal');
    const badCron = await cal.post('/console/compose', { text: 'Hello', channels: 'audit', repeat: 'cron', cron: '99 * * * *', action: 'send' });
    expect(badCron.status).toBe(400);
    expect(badCron.html).toContain('cron &quot;99 * * * *&quot;');
    const noTime = await cal.post('/console/compose', { text: 'Hello', channels: 'audit', repeat: 'daily', action: 'send' });
    expect(noTime.status).toBe(400);
    expect(noTime.html).toContain('needs its first date and time');
    expect(await schedules()).toEqual([]);
  });

  it('editing a queued one-off post cancels it and queues the new text in its place', async () => {
    const mia = await client('mia');
    const later = epochToCityTime(Date.now() + 3 * 3_600_000, NY);
    await mia.post('/console/compose', { text: 'Plows start at 9.', channels: 'audit', at: later, action: 'send' });
    const [original] = (await h.svc.services.store.listPosts({ status: 'pending' })).filter((p) => p.parts[0] === 'Plows start at 9.');
    expect(original).toBeDefined();
    const outbox = await mia.get('/console/outbox');
    expect(outbox.html).toContain(`href="/console/compose?post=${original?.id}"`);
    const form = await mia.get(`/console/compose?post=${original?.id}`);
    expect(form.html).toContain('Plows start at 9.');
    expect(form.html).toContain(`value="${later}"`);
    const saved = await mia.post('/console/compose', { text: 'Plows start at 10.', channels: 'audit', at: later, replacesPost: original?.id ?? '', action: 'send' });
    expect(saved.location).toBe('/console/outbox?done=queued');
    expect((await h.svc.services.outbox.get(original?.id ?? ''))?.status).toBe('cancelled');
    const pending = (await h.svc.services.store.listPosts({ status: 'pending' })).filter((p) => p.parts[0]?.startsWith('Plows start'));
    expect(pending.map((p) => p.parts[0])).toEqual(['Plows start at 10.']);
    expect(await audit()).toContain('post.edit user:mia');
    // The old one is gone from the queue: editing it again is refused.
    expect((await mia.get(`/console/compose?post=${original?.id}`)).status).toBe(409);
  });
});
