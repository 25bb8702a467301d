import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDangerLexicons } from '../../../../src/faq/danger/danger-lexicon.js';
import { LexiconReader } from '../../../../src/faq/danger/lexicon-reader.js';
import { chooseThresholds, ratesAt, type ScoredExample } from '../../../../src/faq/danger/training/choose-thresholds.js';
import { buildDangerModel, DANGER_TRAINING } from '../../../../src/faq/danger/training/build-danger-model.js';
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
    // And it learnt something: out of fold, most danger is caught within the budgets.
    expect(a.crossValidated.all?.recall).toBeGreaterThan(0.5);
    expect(a.crossValidated.all?.possibleOnHarmless).toBeLessThanOrEqual(settings.budgets.possible);
  });

  // The byte-for-byte check behind `npm run train:danger -- --check`: slow (a full training run), no time limit but a hang guard.
  it('reproduces the shipped model byte for byte', () => {
    const { json, bin } = buildDangerModel({ root: path.resolve('.'), dangerDir: dir }, reader);
    expect(json).toBe(fs.readFileSync(path.join(dir, 'model.json'), 'utf8'));
    expect(bin.equals(fs.readFileSync(path.join(dir, 'model.bin')))).toBe(true);
  }, 900_000);
});

describe('choosing thresholds on out-of-fold log-odds', () => {
  const example = (locale: string, danger: boolean, logit: number, tier: 'urgent' | 'possible' | 'none' = 'none'): ScoredExample => ({
    text: '',
    locale,
    danger,
    logit,
    reading: { tier, alarm: false, languages: [], letters: 100 },
  });
  // 200 harmless per language spread over log-odds −10…9.9; dangers at 0…9.
  const scored: ScoredExample[] = [];
  for (const locale of ['en', 'es']) {
    for (let i = 0; i < 200; i++) scored.push(example(locale, false, -10 + i / 10, i % 2 === 0 ? 'possible' : 'none'));
    for (let i = 0; i < 10; i++) scored.push(example(locale, true, i, 'urgent'));
  }

  it('stays within each budget in every language and orders the thresholds', () => {
    const t = chooseThresholds(scored, { possible: 0.05, urgent: 0.005, alarm: 0.01 });
    for (const [language, r] of Object.entries(ratesAt(scored, t))) {
      expect(r.possibleOnHarmless, language).toBeLessThanOrEqual(0.05);
      expect(r.urgentOnHarmless, language).toBeLessThanOrEqual(0.005);
    }
    expect(t.possible).toBeLessThanOrEqual(t.urgent);
    expect(t.alarm).toBeLessThanOrEqual(t.urgent);
    expect(t.languages).toEqual(['en', 'es']);
  });

  it('buys recall with the budget: a larger one catches more', () => {
    const tight = ratesAt(scored, chooseThresholds(scored, { possible: 0.0, urgent: 0.0, alarm: 0 })).all?.recall ?? 0;
    const loose = ratesAt(scored, chooseThresholds(scored, { possible: 0.1, urgent: 0.005, alarm: 0 })).all?.recall ?? 0;
    expect(loose).toBeGreaterThan(tight);
  });
});
