import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, launchBrowser } from '../../support/browser.js';
import { faqWithLanguageFile, VIETNAMESE_SNOW_PLOWING } from '../../support/faq-with-language.js';
import { signIn, startConsole, type ConsoleHarness } from './console-harness.js';

/** The page's `getComputedStyle` (the tests are typed without the DOM library). */
type Styles = { getComputedStyle(node: unknown): { direction: string } };

// Under CI a missing browser fails here (browserAvailable throws), never a silent skip.
const haveChromium = browserAvailable();

describe.skipIf(!haveChromium)('a reviewer approves translations in the console', () => {
  let h: ConsoleHarness;
  let browser: Browser;
  let faq: ReturnType<typeof faqWithLanguageFile>;
  beforeAll(async () => {
    faq = faqWithLanguageFile('vi', 'snow-plowing.yaml', VIETNAMESE_SNOW_PLOWING);
    h = await startConsole({}, {}, { faqDir: faq.dir });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await h?.close();
    faq?.remove();
  });

  it('opens the Vietnamese page, approves a Vietnamese FAQ answer: audited with the reviewer, then shown reviewed', async () => {
    const key = 'faq:snow.plowing/snow';
    const page = await signIn(browser, h.base, 'cal', { width: 1280, height: 900 });
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Translations', exact: true }).click();
    await page.getByRole('link', { name: 'Tiếng Việt (vi)' }).click();
    await page.getByRole('heading', { name: 'Translations: Tiếng Việt', level: 1 }).waitFor();
    await page.getByLabel('Kind').selectOption('faq');
    await page.getByRole('button', { name: 'Filter' }).click();
    const row = page.locator(`tr[data-key="${key}"]`);
    await row.waitFor();
    expect(await page.locator('#translations tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-key')?.split(':')[0]))).toEqual(expect.arrayContaining(['faq']));
    expect(new Set(await page.locator('#translations tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-key')?.split(':')[0])))).toEqual(new Set(['faq']));
    // Side by side: the English source and the Vietnamese draft, the template written as is (never run).
    expect(await row.locator('p.english').textContent()).toMatch(/^Plows clear the \{\{city\.snowRouteMiles\}\} miles/);
    expect(await row.locator('p.translation').textContent()).toMatch(/^Xe ủi dọn \{\{city\.snowRouteMiles\}\} dặm/);
    expect(await row.locator('p.translation').getAttribute('lang')).toBe('vi');
    expect(await row.getAttribute('data-status')).toBe('draft');
    expect(await row.locator('.review-status').textContent()).toMatch(/^draft[\s\S]*file:\S*\/vi\/snow-plowing\.yaml/);
    // FAQ answers are approved here and corrected in their file: no correction form.
    expect(await row.locator('textarea').count()).toBe(0);

    await row.getByRole('button', { name: `Approve ${key}` }).click();
    await page.getByRole('status').filter({ hasText: 'Translation approved' }).waitFor();
    const after = page.locator(`tr[data-key="${key}"]`);
    expect(await after.getAttribute('data-status')).toBe('reviewed');
    expect(await after.locator('.review-status').textContent()).toMatch(/reviewed[\s\S]*user:cal[\s\S]*\d{4}-\d\d-\d\dT/);
    expect(await after.getByRole('button', { name: /^Approve/ }).count()).toBe(0);
    // The filter survived the approval; the other Vietnamese answers are still drafts.
    expect(page.url()).toMatch(/lang=vi&kind=faq/);
    expect(await page.locator('#translations tbody tr[data-status="draft"]').count()).toBeGreaterThan(0);

    const audit = (await h.svc.services.store.tailAudit(200)).filter((e) => e.action === 'translation.approve');
    expect(audit.map((e) => `${e.actor} ${e.target} ${e.where ?? ''}`)).toEqual([`user:cal vi:${key} console`]);
    expect(h.svc.services.translations.state('vi', key)).toMatchObject({ status: 'reviewed', by: 'user:cal' });

    // Filtering by status shows exactly the reviewed one.
    await page.getByLabel('Status', { exact: true }).selectOption('reviewed');
    await page.getByRole('button', { name: 'Filter' }).click();
    await expect.poll(() => page.locator('#translations tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-key')))).toEqual([key]);
    await page.context().close();
  });

  it('shows the Arabic texts right to left, beside left-to-right English', async () => {
    const page = await signIn(browser, h.base, 'cal', { width: 1280, height: 900 });
    await page.goto(`${h.base}/console/translations?lang=ar&kind=faq`);
    await page.getByRole('heading', { name: 'Translations: العربية', level: 1 }).waitFor();
    const arabic = page.locator('#translations p.translation');
    expect(await arabic.count()).toBeGreaterThan(20);
    expect(new Set(await arabic.evaluateAll((nodes) => nodes.map((n) => `${n.getAttribute('lang')} ${n.getAttribute('dir')} ${(globalThis as unknown as Styles).getComputedStyle(n).direction}`)))).toEqual(new Set(['ar rtl rtl']));
    expect(new Set(await page.locator('#translations p.english').evaluateAll((nodes) => nodes.map((n) => `${n.getAttribute('dir')} ${(globalThis as unknown as Styles).getComputedStyle(n).direction}`)))).toEqual(new Set(['ltr ltr']));
    expect(await arabic.first().textContent()).toMatch(/[\u0600-\u06FF]/);
    await page.context().close();
  });
});
