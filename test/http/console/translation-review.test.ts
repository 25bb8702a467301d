import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FormClient, startConsole, type ConsoleHarness } from './console-harness.js';

describe('console: translation review page', () => {
  let h: ConsoleHarness;
  beforeAll(async () => {
    h = await startConsole();
  });
  afterAll(async () => {
    await h?.close();
  });

  const approvals = async () => (await h.svc.services.store.tailAudit(500)).filter((e) => e.action.startsWith('translation.'));

  it('is linked and open for the role the review commands need, not for viewers', async () => {
    const cal = new FormClient(h.base);
    await cal.login('cal');
    const home = await cal.get('/console');
    expect(home.html).toContain('href="/console/translations"');
    const index = await cal.get('/console/translations');
    expect(index.status).toBe(200);
    expect(index.html).toMatch(/href="\/console\/translations\?lang=ar"[^>]*>العربية \(ar\)/);
    expect(index.html).not.toContain('?lang=en"'); // English is the source, nothing to review

    const vic = new FormClient(h.base);
    await vic.login('vic');
    expect((await vic.get('/console')).html).not.toContain('href="/console/translations"');
    expect((await vic.get('/console/translations?lang=es')).status).toBe(403);
    // The staff layer refuses the command itself, whatever the page showed.
    const refused = await vic.post('/console/translations/approve', { language: 'es', key: 'title:snow' });
    expect(refused.status).toBe(403);
    expect(await approvals()).toEqual([]);
  });

  it('refuses a review without the form token, and an unknown language clearly', async () => {
    const cal = new FormClient(h.base);
    await cal.login('cal');
    expect((await cal.post('/console/translations/approve', { language: 'es', key: 'title:snow' }, { csrf: null })).status).toBe(403);
    expect(await approvals()).toEqual([]);
    const unknown = await cal.get('/console/translations?lang=xx');
    expect(unknown.status).toBe(404);
    expect(unknown.html).toContain('no translations to review in &quot;xx&quot;');
    expect((await cal.get('/console/translations?lang=es&status=bogus')).status).toBe(400);
  });

  it('lists a language with FAQ answers beside English, filtered by kind and status', async () => {
    const cal = new FormClient(h.base);
    await cal.login('cal');
    const page = await cal.get('/console/translations?lang=fr&kind=faq&status=draft');
    expect(page.status).toBe(200);
    const keys = [...page.html.matchAll(/data-key="([^"]+)"/g)].map((m) => m[1]);
    expect(keys.length).toBeGreaterThan(24);
    expect(keys.every((k) => k?.startsWith('faq:'))).toBe(true);
    expect(keys).toEqual(expect.arrayContaining(['faq:snow.plowing/default', 'faq:snow.plowing/snow', 'faq:snow.plowing/acknowledge']));
    expect(page.html).toContain('faq/fr/snow-plowing.yaml');
    expect(page.html).toMatch(/<p class="text translation" lang="fr[^"]*" dir="ltr">/);
    const total = Number(/of (\d+) texts shown/.exec(page.html)?.[1]);
    expect(total).toBe(h.svc.services.translations.list({ language: 'fr' }).length);
  });

  it('approves and corrects through the staff commands; FAQ corrections are checked; hostile text is shown, never run', async () => {
    const cal = new FormClient(h.base);
    await cal.login('cal');
    await cal.get('/console/translations?lang=pt&kind=faq');
    const approved = await cal.post('/console/translations/approve', { language: 'pt', key: 'faq:trash.collection/default', kind: 'faq' });
    expect(approved.status).toBe(303);
    expect(approved.location).toBe('/console/translations?lang=pt&kind=faq&done=translation-approved#t-faq-trash-collection-default');
    expect(h.svc.services.translations.state('pt', 'faq:trash.collection/default')).toMatchObject({ status: 'reviewed', by: 'user:cal' });

    // A FAQ answer is corrected here too, but only with a text that reads right after any question.
    const faqEdit = await cal.post('/console/translations/edit', { language: 'pt', key: 'faq:trash.collection/default', text: 'Sim, a coleta segue o calendário normal.' });
    expect(faqEdit.status).toBe(400);
    expect(faqEdit.html).toContain('faq:trash.collection/default (pt): opens with a yes or a no');

    const hostile = '<img src=x onerror=alert(1)> Neve <script>alert(2)</script>';
    const edited = await cal.post('/console/translations/edit', { language: 'pt', key: 'title:snow', text: hostile });
    expect(edited.status).toBe(303);
    const shown = await cal.get('/console/translations?lang=pt&kind=title');
    expect(shown.html).not.toContain('<script>alert(2)');
    expect(shown.html).not.toContain('<img src=x');
    expect(shown.html).toContain('&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt; Neve &lt;script&gt;alert(2)&lt;/script&gt;');
    expect(h.svc.services.translations.state('pt', 'title:snow')).toMatchObject({ status: 'reviewed', edited: true, by: 'user:cal', text: hostile });

    // Template syntax in a correction is checked by the command, not run by the page.
    const braces = await cal.post('/console/translations/edit', { language: 'pt', key: 'title:snow', text: 'Neve {{constructor.constructor}}' });
    expect(braces.status).toBe(400);
    expect((await approvals()).map((e) => `${e.action} ${e.actor} ${e.target} ${e.where ?? ''}`)).toEqual(['translation.approve user:cal pt:faq:trash.collection/default console', 'translation.edit user:cal pt:title:snow console']);
  });
});
