import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { configProblemsOf } from '../../support/config-problems.js';
import { dangerFeatures } from '../../../src/faq/danger/danger-features.js';
import { loadDangerLexicons } from '../../../src/faq/danger/danger-lexicon.js';
import { loadDangerModel } from '../../../src/faq/danger/danger-model.js';
import { LexiconReader } from '../../../src/faq/danger/lexicon-reader.js';
import { dangerInputsHash } from '../../../src/faq/danger/training/build-danger-model.js';
import { typoKnownWords } from '../../../src/faq/danger/typo-known-words.js';
import { parseDangerTsv } from '../../../src/faq/evaluate-danger.js';

const dir = path.resolve('faq/danger');
const model = loadDangerModel(dir);
const reader = new LexiconReader(loadDangerLexicons(dir), typoKnownWords());
const logit = (text: string) => model.logit(dangerFeatures(reader.read(text), model.space));

describe('the shipped danger model (faq/danger/model.json, model.bin)', () => {
  it('was trained on the files and lexicons in the repository (else: npm run train:danger)', () => {
    expect(model.metadata.training.inputsHash).toBe(dangerInputsHash({ root: path.resolve('.'), dangerDir: dir }));
  });

  it('reads back the log-odds it gave when it was trained', () => {
    expect(model.metadata.fingerprint.length).toBeGreaterThanOrEqual(3);
    for (const { text, logit: stored } of model.metadata.fingerprint) expect(logit(text), text).toBeCloseTo(stored, 5);
  });

  it('never read the check or fresh sets', () => {
    const files = model.metadata.training.files.map((f) => f.file);
    expect(files.some((f) => f.startsWith('eval/train/'))).toBe(true);
    expect(files.filter((f) => /-(check|fresh)\.tsv$/.test(f) || f.includes('heldout'))).toEqual([]);
  });

  it('has thresholds in order: the alarm floor ≤ alarm words ≤ urgent, possible < urgent, and knows the ten served languages', () => {
    const t = model.thresholds;
    expect(t.alarm).toBeLessThanOrEqual(t.urgent);
    expect(t.floor).toBeLessThanOrEqual(t.alarm);
    // The floor is only overruled by a model far below its possible threshold.
    expect(t.floor).toBeLessThan(t.possible - 1);
    expect(t.possible).toBeLessThan(t.urgent);
    expect([...t.languages].sort()).toEqual(['ar', 'en', 'es', 'fr', 'ht', 'pt', 'ru', 'sw', 'vi', 'zh']);
  });

  it('scores the dev sets’ dangerous messages above their harmless ones', () => {
    for (const language of ['en', 'es', 'zh', 'ar']) {
      const rows = parseDangerTsv(fs.readFileSync(`eval/dev/danger-${language}.tsv`, 'utf8'), language);
      const mean = (expected: string) => {
        const scores = rows.filter((r) => r.expected === expected).map((r) => logit(r.text));
        return scores.reduce((a, b) => a + b, 0) / scores.length;
      };
      expect(mean('urgent') - mean('harmless'), language).toBeGreaterThan(4);
    }
    expect(logit('my grandma slipped in the tub and she is not answering me')).toBeGreaterThan(model.thresholds.urgent);
    expect(logit('the plow pile is blocking my driveway again')).toBeLessThan(model.thresholds.possible);
  });
});

describe('loading a danger model', () => {
  const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'danger-model-'));
  const problem = configProblemsOf;

  it('names the missing file', () => {
    expect(problem(() => loadDangerModel(tmp()))).toMatch(/model\.json .*npm run train:danger/);
  });

  it('names the file and field of malformed metadata', () => {
    const d = tmp();
    const metadata = JSON.parse(fs.readFileSync(path.join(dir, 'model.json'), 'utf8')) as Record<string, unknown>;
    fs.writeFileSync(path.join(d, 'model.json'), JSON.stringify({ ...metadata, thresholds: { possible: 'high' } }));
    fs.copyFileSync(path.join(dir, 'model.bin'), path.join(d, 'model.bin'));
    expect(problem(() => loadDangerModel(d))).toMatch(/model\.json thresholds/);
  });

  it('rejects weights of the wrong size, naming model.bin', () => {
    const d = tmp();
    fs.copyFileSync(path.join(dir, 'model.json'), path.join(d, 'model.json'));
    fs.writeFileSync(path.join(d, 'model.bin'), Buffer.alloc(10));
    expect(problem(() => loadDangerModel(d))).toMatch(/model\.bin .*10 bytes/);
  });
});
