import { describe, expect, it } from 'vitest';
import { createLatinToCyrillic } from '../../../src/faq/language/latin-to-cyrillic.js';

const toCyrillic = createLatinToCyrillic(['штрафстоянка']);

describe('createLatinToCyrillic', () => {
  it('turns every common spelling of a word into the same Cyrillic word', () => {
    for (const spelling of ['nochyu', "noch'yu", 'nochju']) expect(toCyrillic(spelling)).toBe('ночью');
    for (const spelling of ['ulica', 'ulitsa']) expect(toCyrillic(spelling)).toBe('улица');
    for (const spelling of ['horosho', 'khorosho']) expect(toCyrillic(spelling)).toBe('хорошо');
    expect(toCyrillic('zvonit’')).toBe('звонить');
  });

  it('resolves an ambiguous spelling to the commoner word, and knows the words it was given', () => {
    // "eto" could be это or ето; "e" is э at the start of the commoner one.
    expect(toCyrillic('eto')).toBe('это');
    expect(toCyrillic('shtrafstoyanka')).toBe('штрафстоянка');
  });

  it('keeps punctuation, digits, English words, acronyms and names mid-sentence as written', () => {
    expect(toCyrillic('gde mashina? 3 dnya net!')).toBe('где машина? 3 дня нет!');
    expect(toCyrillic('snow emergency uzhe otmenili')).toBe('snow emergency уже отменили');
    expect(toCyrillic('SEPTA segodnya rabotaet')).toBe('SEPTA сегодня работает');
    expect(toCyrillic('zhivu na Bustleton')).toBe('живу на Bustleton');
    expect(toCyrillic('Segodnya holodno')).toBe('сегодня холодно');
  });

  it('reads a word no list knows letter by letter', () => {
    expect(toCyrillic('pereparkovat')).toBe('перепарковат');
    // y after a vowel is й, elsewhere ы; a word ends in -ой rather than -ои.
    expect(toCyrillic('zaybyl')).toBe('зайбыл');
    expect(toCyrillic('pozhiloi')).toBe('пожилой');
    // A final y is ы too, never left in Latin letters ("rel'sy" was "рельсy").
    expect(toCyrillic("snegokhody rel'sy")).toMatch(/^снегоходы рельсы$/u);
  });

  it('leaves a text without Latin letters alone, and survives hostile text', () => {
    expect(toCyrillic('уже всё')).toBe('уже всё');
    expect(toCyrillic('')).toBe('');
    expect(toCyrillic('<script>alert(1)</script>')).toBe('<script>alert(1)</script>');
    for (const text of ["'".repeat(50_000), 'shch'.repeat(50_000), "a'".repeat(50_000), '\u202E\u0000\u200B']) expect(typeof toCyrillic(text)).toBe('string');
    expect(toCyrillic('shch'.repeat(3))).toBe('щщщ');
  });
});
