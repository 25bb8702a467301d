import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, launchBrowser } from '../../support/browser.js';
import { signIn as signInAs, startConsole, type ConsoleHarness } from './console-harness.js';

/** Screenshots of every journey's key screens, for people reviewing a change. */
const SHOTS = path.resolve('test-output/screenshots');
const hasBrowser = browserAvailable();

describe.skipIf(!hasBrowser)('console journeys in a real browser', () => {
  let h: ConsoleHarness;
  let browser: Browser;
  beforeAll(async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    h = await startConsole({ twoPersonRule: false });
    await h.svc.services.pause.set(true, 'test: keep posts in the outbox', Date.now());
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await h?.close();
  });

  const signIn = (name: string, viewport = { width: 1280, height: 900 }): Promise<Page> => signInAs(browser, h.base, name, viewport);

  it('a comms user composes for two channels, checks the counts, schedules it and finds it in the outbox', async () => {
    const page = await signIn('cal');
    await page.getByRole('link', { name: 'Compose' }).click();
    const text = 'Trash and recycling collection is one day late this week. Put bins out the day after your usual day.';
    await page.getByLabel('Text').fill(text);
    await page.getByLabel('console', { exact: true }).check();
    await page.getByLabel('audit', { exact: true }).check();
    await page.getByRole('button', { name: 'Check length and reading level' }).click();
    const rows = page.locator('#analysis tbody tr');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(2);
    expect(await rows.nth(0).textContent()).toContain(String(text.length));
    expect(await page.locator('#grade').textContent()).toMatch(/\d/);
    await page.screenshot({ path: path.join(SHOTS, 'compose-check.png'), fullPage: true });

    // Tomorrow at 07:00 city time.
    const tomorrow = new Date(Date.now() + 86_400_000).toLocaleDateString('en-CA', { timeZone: 'America/New_York' });
    await page.getByLabel(/Send at/).fill(`${tomorrow}T07:00`);
    await page.getByRole('button', { name: 'Queue posts' }).click();
    await page.getByRole('link', { name: 'Outbox' }).click();
    const pending = page.locator('#pending-posts li', { hasText: 'Trash and recycling collection is one day late' });
    await pending.first().waitFor();
    expect(await pending.count()).toBe(2);
    expect(await pending.allTextContents()).toEqual(expect.arrayContaining([expect.stringMatching(/console/), expect.stringMatching(/audit/)]));
    await page.screenshot({ path: path.join(SHOTS, 'outbox-scheduled.png'), fullPage: true });

    const queued = (await h.svc.services.store.listPosts({ status: 'pending' })).filter((p) => p.parts[0] === text);
    expect(queued.map((p) => p.channel).sort()).toEqual(['audit', 'console']);
    for (const post of queued) {
      expect(post.createdBy).toBe('cal');
      expect(new Date(post.dueAt).toLocaleString('en-US', { timeZone: 'America/New_York', hour: '2-digit', minute: '2-digit', hour12: false })).toBe('07:00');
    }
    await page.context().close();
  });

  it('the composer checks the text against each channel as it is typed, without a click', async () => {
    const page = await signIn('cal');
    await page.getByRole('link', { name: 'Compose' }).click();
    await page.getByLabel('console', { exact: true }).check();
    await page.getByLabel('audit', { exact: true }).check();
    await page.getByLabel('Text').pressSequentially('Plows are out. Please park off snow routes tonight.');
    const live = page.locator('#live-check');
    await live.locator('li[data-channel="console"]').waitFor();
    expect(await live.locator('li[data-channel="console"]').textContent()).toMatch(/^console: 51 \/ \d+ characters, 1 part$/);
    expect(await live.locator('li[data-channel="audit"]').textContent()).toContain('51 /');
    expect(await live.textContent()).toMatch(/Reading grade \d/);
    // Nothing was queued by checking.
    expect((await h.svc.services.store.listPosts({ status: 'pending' })).some((p) => p.parts[0]?.startsWith('Plows are out'))).toBe(false);
    await page.context().close();
  });

  it('on a phone, a comms user sets up a weekday repeat and finds it on the schedule page', async () => {
    const page = await signIn('cora', { width: 390, height: 844 });
    await page.getByRole('link', { name: 'Compose' }).click();
    await page.getByLabel('Text').fill('Street cleaning is on today, {weekday}. Move your car by 8.');
    await page.getByLabel('audit', { exact: true }).check();
    const monday = new Date(Date.now() + 14 * 86_400_000);
    while (monday.getUTCDay() !== 1) monday.setUTCDate(monday.getUTCDate() + 1);
    await page.getByLabel(/Send at/).fill(`${monday.toISOString().slice(0, 10)}T06:45`);
    await page.getByLabel('Repeat', { exact: true }).selectOption('weekdays');
    await page.getByRole('button', { name: 'Check length and reading level' }).click();
    expect(await page.locator('#repeats-as').textContent()).toBe('weekdays at 06:45');
    await page.getByRole('button', { name: 'Queue posts' }).click();
    await page.getByRole('heading', { name: 'Schedule', level: 1 }).waitFor();
    const entry = page.locator('#recurring li', { hasText: 'Street cleaning is on today' });
    expect(await entry.textContent()).toContain('weekdays at 06:45');
    await page.screenshot({ path: path.join(SHOTS, 'schedule-repeating.png'), fullPage: true });
    const [schedule] = (await h.svc.services.scheduler.list()).filter((x) => x.text.startsWith('Street cleaning'));
    expect(schedule).toMatchObject({ cron: '45 6 * * 1-5', createdBy: 'user:cora' });
    await page.context().close();
  });

  it('a manager declares a snow emergency by clicking, and the public status page changes', async () => {
    const status = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
    await status.goto(`${h.base}/status`);
    expect(await status.locator('[data-status=normal]').count()).toBe(1);

    const page = await signIn('mia', { width: 390, height: 844 });
    await page.getByRole('link', { name: 'Emergencies' }).click();
    await page.getByLabel('Type').selectOption('snow');
    await page.getByLabel(/^Parameters/).fill('trashDelayDays=2');
    await page.getByRole('button', { name: 'Preview posts' }).click();
    await page.getByRole('heading', { name: 'Check the posts before declaring' }).waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'declare-preview.png'), fullPage: true });
    await page.getByRole('button', { name: /Confirm: declare snow/ }).click();
    await page.getByRole('status').filter({ hasText: 'Emergency declared.' }).waitFor();

    await status.reload();
    expect(await status.locator('[role=alert][data-emergency=snow]').count()).toBe(1);
    expect(await status.locator('section.meaning[lang=en-US]').textContent()).toMatch(/2 days behind/);
    await status.screenshot({ path: path.join(SHOTS, 'status-snow.png'), fullPage: true });
    await page.context().close();
    await status.context().close();
  });

  it('a viewer can do neither: no compose form, and a forged declaration is refused', async () => {
    const page = await signIn('vic');
    await page.goto(`${h.base}/console/compose`);
    expect(await page.getByRole('button', { name: 'Queue posts' }).count()).toBe(0);
    const before = (await h.svc.services.emergencies.list()).length;
    const csrf = await page.locator('input[name=_csrf]').first().getAttribute('value');
    const forged = await page.request.post(`${h.base}/console/emergencies/declare`, { form: { _csrf: csrf ?? '', type: 'hurricane', params: '' } });
    expect(forged.status()).toBe(403);
    expect((await h.svc.services.emergencies.list()).length).toBe(before);
    await page.screenshot({ path: path.join(SHOTS, 'viewer-compose.png'), fullPage: true });
    await page.context().close();
  });
});
