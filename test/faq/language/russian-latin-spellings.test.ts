import { describe, expect, it } from 'vitest';
import { MAX_SPELLINGS, russianLatinSpellings } from '../../../src/faq/language/russian-latin-spellings.js';

describe('russianLatinSpellings', () => {
  it('spells a word the common informal ways, the commonest first', () => {
    const night = russianLatinSpellings('ночью');
    expect(night[0]).toBe('nochyu');
    expect(night).toEqual(expect.arrayContaining(["noch'yu", 'nochju', 'nochiu']));
    expect(russianLatinSpellings('щётка')).toEqual(expect.arrayContaining(['shetka', 'schetka', 'shchetka', 'shyotka']));
    expect(russianLatinSpellings('жить')).toEqual(expect.arrayContaining(['zhit', "zhit'", 'jit']));
    expect(russianLatinSpellings('улица')).toEqual(expect.arrayContaining(['ulica', 'ulitsa']));
    expect(russianLatinSpellings('хорошо')).toEqual(expect.arrayContaining(['horosho', 'khorosho']));
  });

  it('reads е as "ye" at the start and after a vowel or a sign, and may drop a final й after ы or и', () => {
    expect(russianLatinSpellings('есть')).toEqual(expect.arrayContaining(['est', 'yest']));
    expect(russianLatinSpellings('объявили')).toEqual(expect.arrayContaining(['obyavili', "ob'yavili"]));
    const snowy = russianLatinSpellings('снежный');
    expect(snowy).toEqual(expect.arrayContaining(['snezhnyy', 'snezhnyi', 'snezhniy', 'snezhny']));
    expect(russianLatinSpellings('мой')).not.toContain('mo');
  });

  it('keeps at most the limit, without repeats, and spells nothing outside the Russian alphabet', () => {
    const many = russianLatinSpellings('пожаловаться');
    expect(many.length).toBeLessThanOrEqual(MAX_SPELLINGS);
    expect(new Set(many).size).toBe(many.length);
    expect(russianLatinSpellings('пожаловаться', 3)).toHaveLength(3);
    expect(russianLatinSpellings('snow')).toEqual([]);
    expect(russianLatinSpellings('їжак')).toEqual([]);
    expect(russianLatinSpellings('')).toEqual([]);
  });
});
