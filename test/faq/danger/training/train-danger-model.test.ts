import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDangerLexicons } from '../../../../src/faq/danger/danger-lexicon.js';
import { LexiconReader } from '../../../../src/faq/danger/lexicon-reader.js';
import { chooseThresholds, ratesAt, type ScoredExample } from '../../../../src/faq/danger/training/choose-thresholds.js';
import { buildDangerModel, DANGER_TRAINING, trainingFiles } from '../../../../src/faq/danger/training/build-danger-model.js';
import { trainDangerModel, type TrainingRow } from '../../../../src/faq/danger/training/train-danger-model.js';
import { typoKnownWords } from '../../../../src/faq/danger/typo-known-words.js';
import { parseDangerTsv } from '../../../../src/faq/evaluate-danger.js';

const dir = path.resolve('faq/danger');
const reader = new LexiconReader(loadDangerLexicons(dir), typoKnownWords());

describe('training the danger model', () => {
  const rows: TrainingRow[] = ['en', 'es'].flatMap((language) =>
    parseDangerTsv(fs.readFileSync(`eval/train/danger-${language}.tsv`, 'utf8'), language)
      .filter((_, i) => i % 4 === 0)
      .map((r) => ({ text: r.text, locale: r.locale, danger: r.expected === 'urgent', measured: true })),
  );
  const settings = { ...DANGER_TRAINING, space: { ...DANGER_TRAINING.space, bits: 14 }, epochs: 4, folds: 3 };

  it('is deterministic: the same rows and settings give the same weights and thresholds', () => {
    const a = trainDangerModel(rows, reader, settings);
    const b = trainDangerModel(rows, reader, settings);
    expect(Buffer.from(a.weights.weights.buffer).equals(Buffer.from(b.weights.weights.buffer))).toBe(true);
    expect(a.weights.bias).toBe(b.weights.bias);
    expect(a.thresholds).toEqual(b.thresholds);
    expect(Buffer.from(a.selfHarm.weights.weights.buffer).equals(Buffer.from(b.selfHarm.weights.weights.buffer))).toBe(true);
    expect(a.selfHarm.threshold).toBe(b.selfHarm.threshold);
    // And it learnt something: out of fold, most danger is caught within the budgets.
    expect(a.crossValidated.all?.recall).toBeGreaterThan(0.5);
    // Each well-sampled language at its own thresholds within its own budget, never above the global thresholds.
    const own = (language: string) => settings.budgets.ownLanguageFor?.[language] ?? settings.budgets.ownLanguage ?? settings.budgets.possible;
    for (const [language, t] of Object.entries(a.thresholds.byLanguage ?? {})) {
      expect(a.crossValidated[language]?.possibleOnHarmless, language).toBeLessThanOrEqual(own(language));
      expect(t.possible, language).toBeLessThanOrEqual(a.thresholds.possible);
      expect(t.urgent, language).toBeLessThanOrEqual(a.thresholds.urgent);
    }
    expect(Object.keys(a.thresholds.byLanguage ?? {}).sort()).toEqual(a.thresholds.languages);
  });

  // The byte-for-byte check behind `npm run train:danger -- --check`: slow (a full training run), no time limit but a hang guard.
  it('reproduces the shipped model byte for byte', () => {
    const { json, bin, selfHarmJson, selfHarmBin } = buildDangerModel({ root: path.resolve('.'), dangerDir: dir }, reader);
    expect(json).toBe(fs.readFileSync(path.join(dir, 'model.json'), 'utf8'));
    expect(bin.equals(fs.readFileSync(path.join(dir, 'model.bin')))).toBe(true);
    expect(selfHarmJson).toBe(fs.readFileSync(path.join(dir, 'self-harm.json'), 'utf8'));
    expect(selfHarmBin.equals(fs.readFileSync(path.join(dir, 'self-harm.bin')))).toBe(true);
  }, 1_800_000);
});

describe('choosing thresholds on out-of-fold log-odds', () => {
  const example = (locale: string, danger: boolean, logit: number, tier: 'urgent' | 'possible' | 'none' = 'none'): ScoredExample => ({
    text: '',
    locale,
    danger,
    logit,
    reading: { tier, alarm: false, floor: false, languages: [], letters: 100 },
  });
  // 200 harmless per language spread over log-odds −10…9.9; dangers at 0…9.
  const scored: ScoredExample[] = [];
  for (const locale of ['en', 'es']) {
    for (let i = 0; i < 200; i++) scored.push(example(locale, false, -10 + i / 10, i % 2 === 0 ? 'possible' : 'none'));
    for (let i = 0; i < 10; i++) scored.push(example(locale, true, i, 'urgent'));
  }

  it('stays within each budget in every language and orders the thresholds', () => {
    const t = chooseThresholds(scored, { possible: 0.05, possibleEach: 0.05, urgent: 0.005, alarm: 0.01, floor: 0.02 });
    for (const [language, r] of Object.entries(ratesAt(scored, t))) {
      expect(r.possibleOnHarmless, language).toBeLessThanOrEqual(0.05);
      expect(r.urgentOnHarmless, language).toBeLessThanOrEqual(0.005);
    }
    expect(t.possible).toBeLessThanOrEqual(t.urgent);
    expect(t.alarm).toBeLessThanOrEqual(t.urgent);
    expect(t.floor).toBeLessThanOrEqual(t.alarm);
    expect(t.languages).toEqual(['en', 'es']);
  });

  it('buys recall with the budget: a larger one catches more', () => {
    const tight = ratesAt(scored, chooseThresholds(scored, { possible: 0, possibleEach: 0, urgent: 0, alarm: 0, floor: 0 })).all?.recall ?? 0;
    const loose = ratesAt(scored, chooseThresholds(scored, { possible: 0.1, possibleEach: 0.1, urgent: 0.005, alarm: 0, floor: 0 })).all?.recall ?? 0;
    expect(loose).toBeGreaterThan(tight);
  });

  it('holds possible danger to the pooled budget over the languages, and each language to its own cap', () => {
    const t = chooseThresholds(scored, { possible: 0.03, possibleEach: 0.05, urgent: 0.005, alarm: 0, floor: 0 });
    const rates = ratesAt(scored, t);
    for (const language of ['en', 'es']) expect(rates[language]?.possibleOnHarmless, language).toBeLessThanOrEqual(0.03);
    // The pooled budget binds here: with it as loose as the cap, the threshold falls and recall rises.
    const loose = chooseThresholds(scored, { possible: 0.05, possibleEach: 0.05, urgent: 0.005, alarm: 0, floor: 0 });
    expect(loose.possible).toBeLessThan(t.possible);
    // And the cap binds when the pool is loose: no language spends more than its own.
    const capped = chooseThresholds(scored, { possible: 0.5, possibleEach: 0.05, urgent: 0.005, alarm: 0, floor: 0 });
    for (const language of ['en', 'es']) expect(ratesAt(scored, capped)[language]?.possibleOnHarmless, language).toBeLessThanOrEqual(0.05);
  });

  it('gives each well-sampled language its own thresholds within its own budget, never costing it recall', () => {
    // es look-alikes score higher than en ones: one global threshold holds en's recall back for es's sake.
    const mixed: ScoredExample[] = [];
    for (let i = 0; i < 200; i++) {
      const tier = i % 2 === 0 ? 'possible' : 'none';
      mixed.push(example('en', false, -10 + i / 20, tier), example('es', false, -10 + i / 10, tier));
    }
    for (let i = 0; i < 20; i++) mixed.push(example('en', true, -3 + i / 2, 'urgent'), example('es', true, i / 2, 'urgent'));
    const budgets = { possible: 0.05, possibleEach: 0.05, urgent: 0.005, alarm: 0, floor: 0 };
    const global = chooseThresholds(mixed, budgets);
    const own = chooseThresholds(mixed, { ...budgets, ownLanguage: 0.05 });
    expect(global.byLanguage).toBeUndefined();
    expect(own.byLanguage?.en?.possible).toBeLessThan(global.possible);
    const before = ratesAt(mixed, global);
    const after = ratesAt(mixed, own);
    expect(after.en?.recall).toBeGreaterThan(before.en?.recall ?? 1);
    for (const language of ['en', 'es']) {
      expect(after[language]?.recall, language).toBeGreaterThanOrEqual(before[language]?.recall ?? 1);
      expect(after[language]?.possibleOnHarmless, language).toBeLessThanOrEqual(0.05);
      expect(after[language]?.urgentOnHarmless, language).toBeLessThanOrEqual(0.005);
    }
    // One language's own budget: its threshold falls and its recall rises, the others' stay.
    const esMore = chooseThresholds(mixed, { ...budgets, ownLanguage: 0.05, ownLanguageFor: { es: 0.1 } });
    expect(esMore.byLanguage?.es?.possible).toBeLessThan(own.byLanguage?.es?.possible ?? -Infinity);
    expect(esMore.byLanguage?.en).toEqual(own.byLanguage?.en);
    expect(ratesAt(mixed, esMore).es?.recall).toBeGreaterThan(after.es?.recall ?? 1);
    expect(ratesAt(mixed, esMore).es?.possibleOnHarmless).toBeLessThanOrEqual(0.1);
  });

  it('gives the alarm floor its own share of the budget: a larger share lowers the floor threshold', () => {
    const withFloor: ScoredExample[] = [];
    const alarm = (locale: string, danger: boolean, logit: number): ScoredExample => ({ ...example(locale, danger, logit), reading: { tier: 'urgent', alarm: true, floor: true, languages: [{ language: locale, words: 2 }], letters: 100 } });
    for (const locale of ['en', 'es']) {
      for (let i = 0; i < 200; i++) withFloor.push(example(locale, false, -10 + i / 10, 'possible'));
      // Harmless floor alarms the model reads as harmless ("this team is on fire"), and dangerous ones it doubts less.
      for (let i = 0; i < 20; i++) withFloor.push(alarm(locale, false, -8 + i / 5));
      for (let i = 0; i < 10; i++) withFloor.push(alarm(locale, true, -3));
    }
    // The floor's share no larger than the alarm words': the floor adds nothing below the alarm threshold.
    const none = chooseThresholds(withFloor, { possible: 0.08, possibleEach: 0.08, urgent: 0.005, alarm: 0.03, floor: 0.03 });
    const some = chooseThresholds(withFloor, { possible: 0.08, possibleEach: 0.08, urgent: 0.005, alarm: 0.03, floor: 0.06 });
    expect(none.floor).toBe(none.alarm);
    expect(some.floor).toBeLessThan(none.floor);
    for (const [language, r] of Object.entries(ratesAt(withFloor, some))) {
      expect(r.possibleOnHarmless, language).toBeLessThanOrEqual(0.08);
      expect(r.recall, language).toBe(1);
    }
  });
});

describe('the training files', () => {
  it('are every eval/train/danger-*.tsv, the second batches (danger-<lang>-2.tsv) included, and the tuned-on dev sets, never a check or fresh set', () => {
    const files = trainingFiles(path.resolve('.'));
    const names = files.map((f) => f.file);
    for (const language of ['zh', 'vi', 'ru']) expect(names).toContain(`eval/train/danger-${language}-2.tsv`);
    expect(files.filter((f) => f.file.startsWith('eval/train/')).every((f) => f.measured)).toBe(true);
    expect(names.some((n) => n.endsWith('-check.tsv') || n.endsWith('-fresh.tsv') || n.startsWith('eval/heldout'))).toBe(false);
  });

  it('the shipped model was trained on them: its recorded files are the training files', () => {
    const metadata = JSON.parse(fs.readFileSync(path.join(dir, 'model.json'), 'utf8')) as { training: { files: { file: string; rows: number }[] } };
    expect(metadata.training.files.map((f) => f.file)).toEqual(trainingFiles(path.resolve('.')).map((f) => f.file));
    expect(metadata.training.files.find((f) => f.file === 'eval/train/danger-zh-2.tsv')?.rows).toBeGreaterThan(300);
  });
});
