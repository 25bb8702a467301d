import { describe, expect, it } from 'vitest';
import { DEFAULT_WORD_MODEL_PARAMS, WordModel, type WordModelSpec } from '../../../src/faq/language/word-model.js';

/** Two tiny hand-made languages, so each rule of the model is seen on its own. */
const spec: WordModelSpec = {
  fold: true,
  sources: [
    { code: 'en', hand: { core: 'the is my', common: 'where', topic: 'car school snow' }, alphabet: '' },
    { code: 'es', hand: { core: 'el es mi', common: 'dónde donde', topic: 'carro escuela nieve' }, alphabet: 'ñáé', borrows: 'en' },
  ],
};
const model = new WordModel(spec, DEFAULT_WORD_MODEL_PARAMS);
const best = (words: string[], text = words.join(' ')) => {
  const scores = model.score(words, text);
  return (scores[0] as number) > (scores[1] as number) ? 'en' : 'es';
};

describe('WordModel', () => {
  it('scores each language by its own words, with or without accents', () => {
    expect(best(['where', 'is', 'my', 'car'])).toBe('en');
    expect(best(['dónde', 'es', 'mi', 'carro'])).toBe('es');
    expect(best(['donde', 'es', 'mi', 'carro'])).toBe('es');
  });

  it('lets a language borrow English nouns cheaply but not English function words', () => {
    // "mi car": a Spanish post with an English noun stays Spanish.
    expect(best(['dónde', 'mi', 'car'])).toBe('es');
    // "the", "is", "my" are not borrowed: the post is English.
    expect(best(['the', 'carro', 'is', 'my'])).toBe('en');
  });

  it('counts a letter against languages that do not write it', () => {
    const plain = model.score(['xyz'], 'xyz');
    const marked = model.score(['xyñ'], 'xyñ');
    expect((plain[0] as number) - (marked[0] as number)).toBeGreaterThan(DEFAULT_WORD_MODEL_PARAMS.foreignLetter - 1);
    expect(best(['xyñ'])).toBe('es');
  });

  it('learns extra words, such as the knowledge base’s own', () => {
    const taught = new WordModel(spec, DEFAULT_WORD_MODEL_PARAMS, new Map([['es', ['remolcaron']]]));
    const scores = taught.score(['remolcaron'], 'remolcaron');
    expect(scores[1] as number).toBeGreaterThan(scores[0] as number);
    const untaught = model.score(['remolcaron'], 'remolcaron');
    expect((untaught[1] as number) - (untaught[0] as number)).toBeLessThan((scores[1] as number) - (scores[0] as number));
  });

  it('knows a language written in another script by the spellings of its words, and takes a profile of its own', () => {
    const romanized: WordModelSpec = {
      fold: true,
      sources: [
        spec.sources[0] as WordModelSpec['sources'][number],
        // A toy script whose words are spelled by reversing them, with a trigram profile of its own.
        { code: 'xx', hand: { core: 'ym', common: '', topic: 'rac' }, spell: (word) => [[...word].reverse().join('')], trigrams: () => [' my', 'my ', ' ca', 'car'], romanized: true },
      ],
    };
    const m = new WordModel(romanized, DEFAULT_WORD_MODEL_PARAMS, new Map([['xx', ['wons']]]));
    const spelled = m.score(['my', 'car', 'snow'], 'my car snow');
    const unspelled = m.score(['ym', 'rac', 'wons'], 'ym rac wons');
    // The lexicon's and the extra vocabulary's words are known by their spellings, at their ranks (as English knows them)...
    expect(spelled[1]).toBeCloseTo(spelled[0] as number, 5);
    // ...and not as they were written.
    expect((unspelled[1] as number) < (spelled[1] as number) - 10).toBe(true);
  });
});
