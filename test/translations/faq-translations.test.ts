import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { languageReport } from '../../src/languages/language-report.js';
import { loadConfig } from '../../src/config/load-config.js';
import { MemoryStore } from '../../src/store/memory/memory-store.js';
import { textHash } from '../../src/translations/text-hash.js';
import { faqWithLanguageFile, VIETNAMESE_SNOW_PLOWING } from '../support/faq-with-language.js';
import { shippedLanguageContent } from '../support/language-content.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

const withFaq = (extra: Parameters<typeof shippedLanguageContent>[0] = {}) => shippedLanguageContent({ faqDir: path.resolve('faq'), ...extra });

describe('FAQ answers in the translation catalog', () => {
  it('lists every answer per topic and state, and each acknowledgement, with the file a person edits and its own review field', () => {
    const { translations } = withFaq();
    const ar = translations.list({ language: 'ar', kind: 'faq' });
    const keys = ar.map((r) => r.key);
    expect(keys).toEqual(expect.arrayContaining(['faq:snow.plowing/default', 'faq:snow.plowing/snow', 'faq:snow.plowing/acknowledge', 'faq:parking.towed/default']));
    expect(keys.some((k) => k.startsWith('faq:_'))).toBe(false); // the 911 texts are not answers
    const snow = translations.state('ar', 'faq:snow.plowing/snow');
    expect(snow).toMatchObject({ status: 'draft', by: 'file:faq/ar/snow-plowing.yaml', file: 'faq/ar/snow-plowing.yaml', path: 'answers.snow', edited: false });
    expect(snow.at).toBeUndefined();
    expect(snow.text).toMatch(/تنظف الكاسحات/);
    expect(snow.english).toMatch(/^Plows clear the \{\{city\.snowRouteMiles\}\} miles/);
    // Spanish lives in the topic file, which does not mark it a draft: reviewed.
    expect(translations.state('es', 'faq:snow.plowing/default')).toMatchObject({ status: 'reviewed', file: 'faq/snow-plowing.yaml', path: 'answers.default.es' });
    expect(translations.state('en', 'faq:snow.plowing/default').status).toBe('source');
    // Every answer the language has and English has too; none missing (the `answers` column counts topics).
    expect(ar.every((r) => r.status === 'draft')).toBe(true);
    expect(ar.length).toBeGreaterThanOrEqual(48);
  });

  it('counts them in the validate table like every other text', () => {
    const without = languageReport(shippedLanguageContent()).find((r) => r.language === 'ar');
    const withAnswers = languageReport(withFaq()).find((r) => r.language === 'ar');
    const answers = withFaq().translations.list({ language: 'ar', kind: 'faq' }).length;
    expect(withAnswers?.drafts).toBe((without?.drafts ?? 0) + answers);
    expect(withAnswers?.complete).toBe(true);
  });

  it('takes a file marked reviewed as reviewed, and a ledger entry over the file', () => {
    const faq = faqWithLanguageFile('vi', 'snow-plowing.yaml', VIETNAMESE_SNOW_PLOWING.replace('review: draft', 'review: reviewed'));
    cleanups.push(faq.remove);
    const ledgerDir = fs.mkdtempSync(path.join(os.tmpdir(), 'civicast-ledger-'));
    cleanups.push(() => fs.rmSync(ledgerDir, { recursive: true, force: true }));
    fs.cpSync(path.resolve('translations'), ledgerDir, { recursive: true });
    const english = withFaq().texts.text('en', 'faq:snow.plowing/snow') ?? '';
    const vi = /snow: "([^"]+)"/.exec(VIETNAMESE_SNOW_PLOWING)?.[1] ?? '';
    fs.appendFileSync(
      path.join(ledgerDir, 'vi.yaml'),
      `  faq:snow.plowing/snow: { status: reviewed, by: lan, at: "2026-11-20", source: "${textHash(english)}", text: "${textHash(vi)}" }\n  faq:snow.plowing/default: { status: reviewed, by: lan, at: "2026-11-20", source: "000000000000", text: "000000000000" }\n`,
    );
    const { translations } = withFaq({ faqDir: faq.dir, translationsDir: ledgerDir });
    expect(translations.state('vi', 'faq:snow.plowing/acknowledge')).toMatchObject({ status: 'reviewed', by: 'file:faq/vi/snow-plowing.yaml'.replace('faq/', `${path.relative(process.cwd(), faq.dir)}/`) });
    expect(translations.state('vi', 'faq:snow.plowing/snow')).toMatchObject({ status: 'reviewed', by: 'lan', at: '2026-11-20' });
    // The ledger recorded another English: the answer is stale until someone looks again.
    expect(translations.state('vi', 'faq:snow.plowing/default')).toMatchObject({ status: 'stale', by: 'lan' });
  });

  it('approves an answer with who and when (kept for the ledger file), and takes a correction only when it renders, reads as a statement and fits', async () => {
    // An X account answering too, with the automated-reply marker: the correction must fit one X reply with it.
    const shipped = loadConfig(path.resolve('config')).config;
    const config = { ...shipped, channels: { ...shipped.channels, x: { ...shipped.channels['console'], kind: 'x', automatedReplyMarker: true } as (typeof shipped.channels)[string] } };
    const { translations, texts } = withFaq({ config });
    await translations.attach(new MemoryStore());
    const approved = await translations.review({ language: 'ar', key: 'faq:snow.plowing/snow', by: 'user:rana', at: Date.UTC(2026, 10, 26, 20) });
    expect(approved).toMatchObject({ status: 'reviewed', by: 'user:rana', at: '2026-11-26T20:00:00.000Z', edited: false });
    expect(translations.ledgerOf('ar').get('faq:snow.plowing/snow')).toMatchObject({ status: 'reviewed', by: 'user:rana' });
    expect(translations.list({ language: 'ar', kind: 'faq', status: 'reviewed' }).map((r) => r.key)).toEqual(['faq:snow.plowing/snow']);
    expect(translations.editable('faq')).toBe(true);

    const key = 'faq:snow.plowing/snow';
    const review = (text: string) => translations.review({ language: 'ar', key, by: 'user:rana', at: 2, text });
    // A variable the answer is never given, in any emergency state it is used in.
    await expect(review('تنظف الكاسحات {{params.nothingLikeThis}} ميلا من الطرق.')).rejects.toThrow(/faq:snow\.plowing\/snow \(ar\): does not render for snow: .*nothingLikeThis/);
    await expect(review('تنظف الكاسحات {{city.snowRouteMiles}} ميلا من الطرق {{')).rejects.toThrow(/faq:snow\.plowing\/snow \(ar\)/);
    await expect(translations.review({ language: 'fr', key, by: 'user:rana', at: 2, text: "Oui, les chasse-neige passent d'abord sur les grands axes." })).rejects.toThrow('faq:snow.plowing/snow (fr): opens with a yes or a no');
    // Too long for one X reply once the @handle and the marker are counted.
    await expect(review(`تنظف الكاسحات ${'الطرق الرئيسية أولا ثم الشوارع الجانبية. '.repeat(7)}`)).rejects.toThrow(/too long for one reply on x: \d+ of 280 \(with a reply's @handle and the automated-reply marker\)/);
    await expect(translations.review({ language: 'ar', key: 'faq:snow.plowing/acknowledge', by: 'user:rana', at: 2, text: 'نأسف {{city.name}}' })).rejects.toThrow('plain text of 2 to 120 characters');
    expect(translations.state('ar', key)).toMatchObject({ status: 'reviewed', edited: false });

    const corrected = 'تنظف الكاسحات أولا {{city.snowRouteMiles}} ميلا من طرق الطوارئ، ثم الشوارع الجانبية. لا تركن سيارتك على هذه الطرق.';
    expect(await review(corrected)).toMatchObject({ status: 'reviewed', edited: true, by: 'user:rana', text: corrected });
    expect(texts.text('ar', key)).toBe(corrected);
  });
});
