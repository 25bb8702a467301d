import { describe, expect, it } from 'vitest';
import { browserAvailable } from '../../support/browser.js';
import { englishFragments } from '../../support/english-fragments.js';
import { signIn, consoleInBrowser } from './console-harness.js';

// Under CI a missing browser fails here (browserAvailable throws), never a silent skip.
const haveChromium = browserAvailable();

describe.skipIf(!haveChromium)('a manager previews a declaration in every served language', () => {
  const run = consoleInBrowser();

  it('shows the snow declaration in Arabic (right to left) and Haitian Creole, each in its own words', async () => {
    const page = await signIn(run.browser, run.h.base, 'mia', { width: 1024, height: 800 });
    await page.getByRole('link', { name: 'Emergencies' }).click();
    await page.getByLabel('Type').selectOption('snow');
    await page.getByLabel(/^Parameters/).fill('trashDelayDays=2');
    await page.getByRole('button', { name: 'Preview posts' }).click();
    await page.getByRole('heading', { name: 'Check the posts before declaring' }).waitFor();

    const arabic = page.locator('.preview-group p.text[lang=ar]');
    const creole = page.locator('.preview-group p.text[lang=ht]');
    // Every post of the playbook (declare, reminders, update, all-clear) on each channel.
    expect(await arabic.count()).toBeGreaterThanOrEqual(13);
    expect(await creole.count()).toBe(await arabic.count());
    const first = arabic.first();
    expect(await first.getAttribute('dir')).toBe('rtl');
    expect(await page.evaluate('getComputedStyle(document.querySelector(".preview-group p.text[lang=ar]")).direction')).toBe('rtl');
    expect(await first.textContent()).toMatch(/حالة طوارئ بسبب الثلج/);
    expect(await page.evaluate('getComputedStyle(document.querySelector(".preview-group p.text[lang=ht]")).direction')).toBe('ltr');
    expect(await creole.first().textContent()).toMatch(/IJANS NÈJ/);
    for (const [language, posts] of [['ar', arabic], ['ht', creole]] as const) {
      for (const text of await posts.allTextContents()) {
        expect(text, language).not.toMatch(/\{\{|undefined/);
        expect(englishFragments(text, language, ['Snow Emergency Route'], ['Philadelphia', 'Philly']), `${language}: ${text}`).toEqual([]);
      }
    }
    // The trash delay the manager typed is in every language's post.
    expect(await creole.allTextContents()).toEqual(expect.arrayContaining([expect.stringMatching(/2 jou reta/)]));
    expect(await arabic.allTextContents()).toEqual(expect.arrayContaining([expect.stringMatching(/يومين/)]));
    await page.context().close();
  });
});
