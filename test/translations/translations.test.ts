import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import type { CivicastConfig } from '../../src/config/schema.js';
import { MemoryStore } from '../../src/store/memory/memory-store.js';
import { recordTranslations } from '../../src/translations/record-translations.js';
import { textHash } from '../../src/translations/text-hash.js';
import { readLedger, writeLedger } from '../../src/translations/translation-ledger.js';
import { shippedLanguageContent } from '../support/language-content.js';

const shipped = loadConfig(path.resolve('config')).config;
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A copy of a shipped folder the test may change. */
function copyOf(folder: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `civicast-${folder}-`));
  dirs.push(dir);
  fs.cpSync(path.resolve(folder), dir, { recursive: true });
  return dir;
}

describe('the shipped translations', () => {
  it('are all recorded as drafts against the English they translate: none stale, none unrecorded', () => {
    const { translations } = shippedLanguageContent();
    const summary = translations.summary();
    expect(summary['en']).toMatchObject({ source: 75, missing: 0 });
    for (const language of ['es', 'zh', 'vi', 'ru', 'fr', 'pt', 'ar', 'sw']) expect(summary[language], language).toEqual({ source: 0, reviewed: 0, draft: 75, stale: 0, changed: 0, unrecorded: 0, missing: 0 });
    expect(summary['ht']).toMatchObject({ draft: 79, stale: 0, missing: 0 });
    expect(summary['ko']).toEqual({ source: 0, reviewed: 0, draft: 3, stale: 0, changed: 0, unrecorded: 0, missing: 0 });
  });
});

describe('provenance: what a change to the English or to a translation does', () => {
  it('marks a translation stale when its English changes, and changed when it is edited after its record', () => {
    const templatesDir = copyOf('templates');
    const file = (language: string) => path.join(templatesDir, 'snow', `towed.${language}.hbs`);
    fs.writeFileSync(file('en'), fs.readFileSync(file('en'), 'utf8').replace('Please do not call', 'Do not call'));
    fs.writeFileSync(file('fr'), fs.readFileSync(file('fr'), 'utf8').replace('Merci de ne pas appeler', 'N’appelez pas'));
    const { translations } = shippedLanguageContent({ templatesDir });
    // English changed: every translation of it is stale (the French one too, edited or not).
    expect(translations.state('es', 'template:snow/towed')).toMatchObject({ status: 'stale', by: 'civicast-team' });
    expect(translations.state('fr', 'template:snow/towed').status).toBe('stale');
    expect(translations.state('es', 'template:snow/garages').status).toBe('draft');
    // Only the French text changed: its record no longer speaks for it.
    const frOnly = copyOf('templates');
    fs.writeFileSync(path.join(frOnly, 'snow', 'towed.fr.hbs'), fs.readFileSync(file('fr'), 'utf8'));
    expect(shippedLanguageContent({ templatesDir: frOnly }).translations.state('fr', 'template:snow/towed').status).toBe('changed');
  });

  it('counts a word fact, a label and a title like a template', () => {
    const configDir = copyOf('config');
    const city = fs.readFileSync(path.join(configDir, 'city.yaml'), 'utf8').replace('coolingInfo: call {{phone311Local}} for the nearest cooling center', 'coolingInfo: call {{phone311Local}} to find the nearest cooling center');
    fs.writeFileSync(path.join(configDir, 'city.yaml'), city);
    const config = loadConfig(configDir).config;
    const { translations } = shippedLanguageContent({ configDir, config });
    expect(translations.state('sw', 'fact:coolingInfo').status).toBe('stale');
    expect(translations.state('sw', 'fact:warmingInfo').status).toBe('draft');
    expect(translations.list({ language: 'sw', status: 'stale' }).map((r) => r.key)).toEqual(['fact:coolingInfo']);
    // One stale text in each of the nine other served languages.
    expect(translations.list({ status: 'stale' }).length).toBe(9);
  });

  it('records drafts and reviews into the ledger file, never downgrading a review', () => {
    const translationsDir = copyOf('translations');
    const first = shippedLanguageContent({ translationsDir });
    const reviewed = recordTranslations(first.translations, { language: 'pt', by: 'ana', status: 'reviewed', at: '2026-11-27', keys: ['template:snow/status', 'label:page.title'] });
    expect(reviewed.recorded).toEqual(['template:snow/status', 'label:page.title']);
    writeLedger(translationsDir, 'pt', reviewed.entries);
    const second = shippedLanguageContent({ translationsDir });
    expect(second.translations.state('pt', 'template:snow/status')).toMatchObject({ status: 'reviewed', by: 'ana', at: '2026-11-27' });
    // Recording the language's drafts again leaves the two reviewed texts as they are.
    const drafts = recordTranslations(second.translations, { language: 'pt', by: 'team', status: 'draft', at: '2026-11-28' });
    expect(drafts.recorded).not.toContain('template:snow/status');
    expect(drafts.recorded).toHaveLength(73);
    expect(drafts.entries.get('template:snow/status')?.by).toBe('ana');
    expect(readLedger(translationsDir, 'pt').entries.get('label:page.title')).toMatchObject({ status: 'reviewed', source: textHash(second.texts.text('en', 'label:page.title') ?? '') });
    expect(() => recordTranslations(second.translations, { language: 'pt', by: 'x', status: 'draft', at: '2026-11-28', keys: ['template:snow/nope'] })).toThrow(/no pt text "template:snow\/nope"/);
  });

  it('names a broken ledger file with the field', () => {
    const translationsDir = copyOf('translations');
    fs.writeFileSync(path.join(translationsDir, 'vi.yaml'), 'language: vi\nentries:\n  "template:snow/status": { status: approved, by: x, at: "2026-11-26", source: "abc", text: "0123456789ab" }\n');
    const problems = shippedLanguageContent({ translationsDir }).problems.map((p) => `${p.file}: ${p.path}: ${p.message}`);
    expect(problems).toEqual(expect.arrayContaining([expect.stringMatching(/vi\.yaml: entries\.template:snow\/status\.status: /), expect.stringMatching(/vi\.yaml: entries\.template:snow\/status\.source: a 12-digit text hash/)]));
  });
});

describe('reviews made while running (the store overlay)', () => {
  it('approves a text as it stands, and applies an edit at once: posts say the corrected text', async () => {
    const { translations, campaigns } = shippedLanguageContent();
    const store = new MemoryStore();
    await translations.attach(store);
    const emergency = { type: 'snow', title: 'Snow emergency', effectiveAt: Date.UTC(2026, 0, 19, 23), params: { trashDelayDays: 1 }, revision: 0 };
    const approved = await translations.review({ language: 'vi', key: 'template:snow/towed', by: 'user:lan', at: Date.UTC(2026, 10, 27) });
    expect(approved).toMatchObject({ status: 'reviewed', by: 'user:lan', at: '2026-11-27T00:00:00.000Z', edited: false });
    const edited = await translations.review({ language: 'vi', key: 'template:snow/status', by: 'user:lan', at: Date.UTC(2026, 10, 27), text: '❄️ {{city.name}} đã ban bố tình trạng khẩn cấp do tuyết từ {{datetime emergency.effectiveAt}}. Hãy dời xe ngay.' });
    expect(edited).toMatchObject({ status: 'reviewed', edited: true });
    const post = campaigns.campaignTexts.post(emergency, 'status', 'vi', emergency.effectiveAt);
    expect('text' in post ? post.text : '').toMatch(/^❄️ Philadelphia đã ban bố tình trạng khẩn cấp do tuyết từ .*Hãy dời xe ngay\.$/);
    // Another instance reading the same store sees both at its next refresh.
    const other = shippedLanguageContent();
    await other.translations.attach(store);
    expect(other.translations.state('vi', 'template:snow/status')).toMatchObject({ status: 'reviewed', edited: true });
    const again = other.campaigns.campaignTexts.post(emergency, 'status', 'vi', emergency.effectiveAt);
    expect('text' in again ? again.text : '').toMatch(/Hãy dời xe ngay\.$/);
    expect(other.translations.ledgerOf('vi').get('template:snow/towed')).toMatchObject({ status: 'reviewed', by: 'user:lan' });
  });

  it('refuses an edit that does not render or fit, an English edit, a fact edit and an unknown text', async () => {
    const { translations } = shippedLanguageContent();
    await translations.attach(new MemoryStore());
    const review = (language: string, key: string, text?: string) => translations.review({ language, key, by: 'user:x', at: 1, ...(text === undefined ? {} : { text }) });
    await expect(review('es', 'template:snow/status', 'Hola {{city.nombre}}')).rejects.toThrow(/"nombre" not defined/);
    await expect(review('es', 'template:snow/status', 'muy largo. '.repeat(400))).rejects.toThrow(/does not fit (x|bluesky)/);
    await expect(review('en', 'template:snow/status')).rejects.toThrow(/source language/);
    await expect(review('es', 'fact:alertsSignup', 'envíe')).rejects.toThrow(/fact texts are approved here but not edited here: change config[/\\]city\.yaml \(city\.factsByLanguage\.es\.alertsSignup\)/);
    await expect(review('es', 'template:snow/nope')).rejects.toThrow(/no es text "template:snow\/nope"/);
    await expect(review('es', 'title:snow', 'Emergencia {{x}}')).rejects.toThrow(/no braces/);
    expect(translations.state('es', 'template:snow/status').status).toBe('draft');
  });

  it('withholds unreviewed texts when the city allows only reviewed ones, and lets a reviewed one out', async () => {
    const config: CivicastConfig = { ...shipped, city: { ...shipped.city, translations: { sendUnreviewed: false } } };
    const { translations, campaigns, languages } = shippedLanguageContent({ config });
    await translations.attach(new MemoryStore());
    const emergency = { type: 'heat', title: 'Heat health emergency', effectiveAt: 0, params: {}, revision: 0 };
    expect(campaigns.campaignTexts.post(emergency, 'safety', 'es', 0)).toEqual({ withheld: 'template:heat/safety (es) is draft, not reviewed, and city.translations.sendUnreviewed is off' });
    expect('text' in campaigns.campaignTexts.post(emergency, 'safety', 'en', 0)).toBe(true);
    await translations.review({ language: 'es', key: 'template:heat/safety', by: 'user:rosa', at: 1 });
    // The template is reviewed now, but it says a word fact that is still a draft.
    expect(campaigns.campaignTexts.post(emergency, 'safety', 'es', 0)).toEqual({ withheld: 'fact:coolingInfo (es) is draft, not reviewed, and city.translations.sendUnreviewed is off' });
    await translations.review({ language: 'es', key: 'fact:coolingInfo', by: 'user:rosa', at: 1 });
    expect('text' in campaigns.campaignTexts.post(emergency, 'safety', 'es', 0)).toBe(true);
    // Pages and replies follow the same rule.
    expect(languages.pageLanguages()).toEqual(['en']);
    expect(languages.interpreterReply('ko', 'general', 0)).toBeUndefined();
  });
});
