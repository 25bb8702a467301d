import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, launchBrowser } from '../../support/browser.js';
import { faqWithLanguageFile, VIETNAMESE_SNOW_PLOWING } from '../../support/faq-with-language.js';
import { signIn, startConsole, type ConsoleHarness } from './console-harness.js';

const run = promisify(execFile);

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
    // FAQ answers can be corrected here too.
    expect(await row.locator('textarea').count()).toBe(1);

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

  it('corrects a Vietnamese FAQ answer: audited, answered with at once on the reply path and by `civicast ask` against the service', async () => {
    const key = 'faq:parking.towed/default';
    const question = 'xe tôi bị kéo đi rồi, lấy lại ở đâu?';
    const corrected = 'Nếu xe bạn bị kéo đi, hãy gọi {{city.phone311Local}} và đọc biển số xe để biết xe đang ở đâu. Đừng gọi {{city.emergencyNumber}} vì xe bị kéo.';
    const rendered = 'Nếu xe bạn bị kéo đi, hãy gọi 311 và đọc biển số xe để biết xe đang ở đâu. Đừng gọi 911 vì xe bị kéo.';
    const { services } = h.svc;
    const before = services.faq.decide(question, null);
    expect(before).toMatchObject({ kind: 'answer', topic: 'parking.towed', locale: 'vi' });
    expect(before.reply).not.toBe(rendered);

    const page = await signIn(browser, h.base, 'cal', { width: 1280, height: 900 });
    await page.goto(`${h.base}/console/translations?lang=vi&kind=faq`);
    const row = page.locator(`tr[data-key="${key}"]`);
    await row.getByText('Correct…').click();
    // A text that would leave template syntax in a resident's reply is refused, naming why.
    await row.getByLabel('Corrected Tiếng Việt text').fill('Nếu xe bạn bị kéo đi, hãy gọi {{city.noSuchFact}} ngay.');
    await row.getByRole('button', { name: 'Save correction (approves it)' }).click();
    await expect.poll(async () => (await page.content()).includes('faq:parking.towed/default (vi): does not render')).toBe(true);
    expect(services.translations.state('vi', key).edited).toBe(false);

    await page.goto(`${h.base}/console/translations?lang=vi&kind=faq`);
    const again = page.locator(`tr[data-key="${key}"]`);
    await again.getByText('Correct…').click();
    await again.getByLabel('Corrected Tiếng Việt text').fill(corrected);
    await again.getByRole('button', { name: 'Save correction (approves it)' }).click();
    await page.getByRole('status').filter({ hasText: 'Correction saved and approved' }).waitFor();
    const after = page.locator(`tr[data-key="${key}"]`);
    expect(await after.getAttribute('data-status')).toBe('reviewed');
    expect(await after.locator('.review-status').textContent()).toMatch(/reviewed \(edited\)[\s\S]*user:cal/);
    expect(await after.locator('p.translation').textContent()).toBe(corrected);
    await page.context().close();

    const audit = (await services.store.tailAudit(200)).filter((e) => e.action === 'translation.edit');
    expect(audit.map((e) => `${e.actor} ${e.target} ${e.where ?? ''}`)).toEqual([`user:cal vi:${key} console`]);
    expect(audit[0]?.detail).toMatchObject({ after: corrected, status: 'reviewed' });

    // The reply path answers with the correction at once, without a restart.
    const now = Date.now();
    expect(await services.replies.handle({ id: 'vi-towed-1', channel: 'console', author: { id: 'r1', handle: 'r1' }, text: question, isDirect: false, createdAt: now, receivedAt: now, replyTarget: { messageId: 'vi-towed-1' } })).toBe('replied');
    expect((await services.outbox.get('reply:console:vi-towed-1'))?.parts).toEqual([rendered]);
    // `civicast ask` reads the running service's reviews and answers the same.
    const env = { ...process.env, CIVICAST_URL: h.svc.adminUrl ?? h.base, ADMIN_TOKEN: 'console-test-token-0123456789', CIVICAST_CONFIG_DIR: path.resolve('config'), LOG_LEVEL: 'silent' };
    const asking = run(process.execPath, [path.resolve('bin/civicast.js'), 'ask', '--jsonl', '--emergency', 'none'], { env, encoding: 'utf8', timeout: 240_000 });
    asking.child.stdin?.end(`${question}\n`);
    const { stdout } = await asking;
    expect(JSON.parse(stdout.trim())).toMatchObject({ topic: 'parking.towed', locale: 'vi', reply: rendered });
  }, 300_000);

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
