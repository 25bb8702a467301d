import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dangerFeatures } from '../../../src/faq/danger/danger-features.js';
import { messageWindows } from '../../../src/faq/danger/message-windows.js';
import { withoutQuotations } from '../../../src/faq/danger/quotations.js';
import { DangerDetector } from '../../../src/faq/danger/danger-detector.js';
import { loadDangerLexicons } from '../../../src/faq/danger/danger-lexicon.js';
import { loadDangerModel } from '../../../src/faq/danger/danger-model.js';
import { dangerTokens, normalizeDangerText } from '../../../src/faq/danger/danger-text.js';
import { LexiconReader } from '../../../src/faq/danger/lexicon-reader.js';
import { matchPattern, parseTermPattern } from '../../../src/faq/danger/term-pattern.js';
import { typoKnownWords } from '../../../src/faq/danger/typo-known-words.js';
import { parseDangerTsv } from '../../../src/faq/evaluate-danger.js';
import { referenceDangerFeatures, referenceMatchPattern } from '../../support/danger-reference.js';

const dir = path.resolve('faq/danger');
const model = loadDangerModel(dir);
const lexicons = loadDangerLexicons(dir);
const reader = new LexiconReader(lexicons, typoKnownWords());
/** Every dangerous and harmless message of the labelled danger sets (tuned on, check and fresh), in all languages. */
const texts = fs
  .readdirSync('eval/dev')
  .filter((f) => f.startsWith('danger-') && f.endsWith('.tsv'))
  .sort()
  .flatMap((f) => parseDangerTsv(fs.readFileSync(path.join('eval/dev', f), 'utf8'), f).map((row) => row.text));
// Hostile and odd input: lone surrogates, emoji pairs, scripts without spaces, a very long message.
texts.push('fire \ud83d alone \ude00 🔥🔥 火火火 ไฟไหม้ ' + 'ab'.repeat(700), '\ud800', '', '   ', 'a', '🔥', `${'x'.repeat(3000)} gas`, 'ma7ad 3ala sa2f '.repeat(300), 'الغاز كثير '.repeat(300));

describe('the danger check’s fast paths compute what the plain versions compute', () => {
  it('features: the same slots and the same values, bit for bit, for every message of the danger sets', () => {
    expect(texts.length).toBeGreaterThan(2000);
    for (const text of texts) {
      const reading = reader.read(text);
      for (const source of reading.corrected === undefined ? [reading] : [reading, reading.corrected]) {
        const fast = dangerFeatures(source, model.space);
        const plain = referenceDangerFeatures(source, model.space);
        expect(Array.from(fast.slots), text).toEqual(Array.from(plain.slots));
        expect(Array.from(fast.values), text).toEqual(Array.from(plain.values));
      }
    }
  });

  it('features in other feature spaces (bigrams, one to eight characters, skeleton grams of one to six, a larger table)', () => {
    const spaces = [
      { bits: 20, words: true, bigrams: true, charMin: 1, charMax: 8, lexicon: true, skeletonMin: 1, skeletonMax: 6 },
      { bits: 12, words: false, bigrams: true, charMin: 3, charMax: 3, lexicon: false },
    ];
    for (const space of spaces) {
      for (const text of texts.filter((_, i) => i % 5 === 0)) {
        const reading = reader.read(text);
        const fast = dangerFeatures(reading, space);
        const plain = referenceDangerFeatures(reading, space);
        expect(Array.from(fast.slots), text).toEqual(Array.from(plain.slots));
        expect(Array.from(fast.values), text).toEqual(Array.from(plain.values));
      }
    }
  });

  it('the score without the feature vector (SlotSums.dot) is the score over the vector, to the last bits of a double', () => {
    const detector = new DangerDetector(reader, model);
    // A long message's finding may come from one of its windows: each window is compared instead;
    // and one that quotes or ends in hashtags may come from its reading without them: left out.
    const whole = (text: string) => messageWindows(text).length === 0 && withoutQuotations(text) === text && !text.includes('#');
    const read = texts.flatMap((text) => (whole(text) ? [text] : messageWindows(text).map((w) => w.text).filter(whole)));
    expect(read.length).toBeGreaterThan(texts.length);
    let compared = 0;
    for (const text of read) {
      const { logit } = detector.score(text);
      const probability = 1 / (1 + Math.exp(-logit));
      // Only the order of a double's additions differs; a decision is never that close to a threshold.
      expect(Math.abs(detector.detect(text).probability - probability), text).toBeLessThan(1e-12);
      compared++;
    }
    expect(compared).toBe(read.length);
  });

  it('term matching: every term of every lexicon ends where trying each option in turn ends, from every word of the messages', () => {
    const terms = lexicons.flatMap((lexicon) => lexicon.terms.map((term) => parseTermPattern(term.source, lexicon.accents, lexicon.letters)));
    expect(terms.length).toBeGreaterThan(1000);
    const done = (i: number) => i;
    let matched = 0;
    // Every eighth message keeps the test short; the features test above covers every message end to end.
    // and the first 60 words of each: the long posts would double the time and add no kind of word.
    for (const text of texts.filter((_, i) => i % 8 === 0)) {
      const tokens = dangerTokens(normalizeDangerText(text)).slice(0, 60);
      for (let i = 0; i < tokens.length; i++) {
        const sentence = (tokens[i] as { sentence: number }).sentence;
        for (const nodes of terms) {
          const fast = matchPattern(tokens, nodes, 0, i, sentence, done);
          const plain = referenceMatchPattern(tokens, nodes, 0, i, sentence, done);
          if (fast !== plain) expect({ text, i, fast }).toEqual({ text, i, fast: plain });
          if (fast > i) matched++;
        }
      }
    }
    expect(matched).toBeGreaterThan(200);
    // A generous limit for a loaded machine: it only catches a hang.
  }, 180_000);
});
