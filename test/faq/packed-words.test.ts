import { describe, expect, it } from 'vitest';
import { PackedWordIds } from '../../src/faq/packed-word-ids.js';
import { PackedWords } from '../../src/faq/packed-words.js';

describe('PackedWords', () => {
  it('knows exactly the words it was given, duplicates once', () => {
    const words = new PackedWords(['fire', 'fine', 'fin', 'fires', 'fire', 'a', 'zebra', 'éclair', '火灾']);
    expect(words.size).toBe(8);
    for (const w of ['fire', 'fine', 'fin', 'fires', 'a', 'zebra', 'éclair', '火灾']) expect(words.has(w), w).toBe(true);
    for (const w of ['', 'fir', 'firee', 'b', 'zebras', 'eclair', '火', 'Fire']) expect(words.has(w), w).toBe(false);
  });

  it('answers as a Set does over thousands of random words and non-words', () => {
    let seed = 3;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const word = () => Array.from({ length: 1 + random(8) }, () => 'abcdeéz'[random(7)]).join('');
    const given = Array.from({ length: 5000 }, word);
    const set = new Set(given);
    const packed = new PackedWords(given);
    expect(packed.size).toBe(set.size);
    for (let i = 0; i < 20_000; i++) {
      const probe = word();
      expect(packed.has(probe), probe).toBe(set.has(probe));
    }
  });

  it('knows nothing when empty', () => {
    expect(new PackedWords([]).has('fire')).toBe(false);
  });
});

describe('PackedWordIds', () => {
  it('gives each word its own number, and -1 to any other', () => {
    const entries = new Map([['w:fire', 7], ['c:abc', 0], ['w:plow', 12], ['z:火', 3]]);
    const ids = new PackedWordIds(entries);
    for (const [word, id] of entries) expect(ids.get(word), word).toBe(id);
    for (const word of ['w:fir', 'w:plows', '', 'z:灾']) expect(ids.get(word), word).toBe(-1);
  });
});
