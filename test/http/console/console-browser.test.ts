import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserAvailable } from '../../support/browser.js';
import { signIn as signInAs, consoleInBrowser } from './console-harness.js';

// Under CI a missing browser fails here (browserAvailable throws), never a silent skip.
const haveChromium = browserAvailable();

describe.skipIf(!haveChromium)('console in a browser', () => {
  const run = consoleInBrowser();

  const signIn = (name: string): Promise<Page> => signInAs(run.browser, run.h.base, name); // a phone-sized window

  it('shows the generic error for a wrong password', async () => {
    const page = await (await run.browser.newContext()).newPage();
    await page.goto(`${run.h.base}/console/login`);
    await page.getByLabel('User name').fill('mia');
    await page.getByLabel('Password').fill('wrong password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('Wrong user name or password.');
    await page.context().close();
  });

  it('a manager declares a snow emergency through the preview step and sees it active', async () => {
    const page = await signIn('mia');
    await page.getByRole('link', { name: 'Emergencies' }).click();
    await page.getByLabel('Type').selectOption('snow');
    await page.getByLabel(/^Parameters/).fill('trashDelayDays=1\nnote=Plows out citywide');
    await page.getByRole('button', { name: 'Preview posts' }).click();
    await page.getByRole('heading', { name: 'Check the posts before declaring' }).waitFor();
    expect(await page.locator('.preview-group h2').count()).toBeGreaterThan(0);
    expect(await page.locator('.preview-group').first().textContent()).toMatch(/SNOW EMERGENCY/i);
    // Nothing is declared until the confirm button.
    expect((await run.h.svc.services.emergencies.active()).length).toBe(0);
    await page.getByRole('button', { name: /Confirm: declare snow/ }).click();
    await page.getByRole('status').filter({ hasText: 'Emergency declared.' }).waitFor();
    await page.getByRole('link', { name: 'Dashboard' }).click();
    const active = page.locator('#active-emergencies .active-emergency');
    await active.first().waitFor();
    expect(await active.first().textContent()).toMatch(/active/);
    const declared = await run.h.svc.services.emergencies.active();
    expect(declared.map((e) => e.type)).toEqual(['snow']);
    expect(declared[0]?.params['trashDelayDays']).toBe(1);
    expect(declared[0]?.params['note']).toBe('Plows out citywide'); // multi-line params survive the preview step
    expect(declared[0]?.source).toBe('user:mia');
    await page.context().close();
  });

  it('a viewer sees no declare, compose or pause buttons', async () => {
    const page = await signIn('vic');
    expect(await page.getByRole('link', { name: 'Compose' }).count()).toBe(0);
    await page.getByRole('link', { name: 'Emergencies' }).click();
    await page.getByRole('heading', { name: 'Emergencies', level: 1 }).waitFor();
    expect(await page.getByRole('button', { name: 'Preview posts' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /Lift/ }).count()).toBe(0);
    expect(await page.getByText('Pause all posting').count()).toBe(0);
    await page.context().close();
  });

  it('an admin pauses (banner on every page) and resumes', async () => {
    const page = await signIn('ada');
    await page.getByText('Pause all posting…').click();
    await page.getByLabel('Reason (for the audit log)').fill('wrong template');
    await page.getByRole('button', { name: 'Pause every channel' }).click();
    await page.locator('#pause-banner').waitFor();
    expect(await run.h.svc.services.pause.isPaused(Date.now() + 1000)).toBe(true);
    for (const name of ['Dashboard', 'Emergencies', 'Compose', 'Outbox', 'Inbox', 'FAQ']) {
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true }).click();
      await page.getByRole('heading', { level: 1 }).first().waitFor();
      expect(await page.locator('#pause-banner').textContent()).toMatch(/POSTING IS PAUSED[\s\S]*wrong template/);
    }
    // Other roles see the banner too, without the button.
    const viewer = await signIn('vic');
    expect(await viewer.locator('#pause-banner').count()).toBe(1);
    expect(await viewer.getByRole('button', { name: 'Resume posting' }).count()).toBe(0);
    await viewer.context().close();
    await page.getByRole('button', { name: 'Resume posting' }).click();
    await page.getByRole('status').filter({ hasText: 'Posting resumed.' }).waitFor();
    expect(await page.locator('#pause-banner').count()).toBe(0);
    expect(await run.h.svc.services.pause.isPaused(Date.now() + 1000)).toBe(false);
    const actions = (await run.h.svc.services.store.tailAudit(20)).filter((e) => e.actor === 'user:ada').map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['outbox.pause', 'outbox.resume']));
    await page.context().close();
  });

  it('two-person rule in the browser: the author sees no approve button, a colleague approves', async () => {
    const author = await signIn('cal');
    await author.getByRole('link', { name: 'Compose' }).click();
    await author.getByLabel('Text').fill('Warming centers are open tonight. Call 311 for the nearest one.');
    await author.getByLabel('console', { exact: true }).check();
    await author.getByRole('button', { name: 'Check length and reading level' }).click();
    await author.locator('#analysis').waitFor();
    await author.getByRole('button', { name: 'Queue posts' }).click();
    await author.getByRole('status').filter({ hasText: 'another person must approve' }).waitFor();
    const card = author.locator('#pending-posts li', { hasText: 'Warming centers are open tonight' });
    await card.waitFor();
    expect(await card.getByRole('button', { name: 'Approve' }).count()).toBe(0);
    const colleague = await signIn('cora');
    await colleague.getByRole('link', { name: 'Outbox' }).click();
    await colleague.locator('#pending-posts li', { hasText: 'Warming centers are open tonight' }).getByRole('button', { name: 'Approve' }).click();
    await colleague.getByRole('status').filter({ hasText: 'Approved.' }).waitFor();
    const post = (await run.h.svc.services.store.listPosts({ limit: 500 })).find((p) => p.parts.join(' ').includes('Warming centers are open tonight'));
    expect(post?.awaitingApproval).not.toBe(true);
    await author.context().close();
    await colleague.context().close();
  });
});
