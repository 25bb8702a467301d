import { describe, expect, it } from 'vitest';
import { dangerTokens, normalizeDangerText } from '../../../src/faq/danger/danger-text.js';
import { matchPattern, parseTermPattern } from '../../../src/faq/danger/term-pattern.js';

/** Whether `term` matches `text` starting at its first word. */
function matches(term: string, text: string): boolean {
  const tokens = dangerTokens(normalizeDangerText(text));
  const nodes = parseTermPattern(term, 'optional', 'áéíóúñü');
  return matchPattern(tokens, nodes, 0, 0, 0, (i) => i) > 0;
}

describe('lexicon term syntax', () => {
  it('choices, nested and optional', () => {
    expect(matches('(my|our) (house|apartment (building|)) (is|) on fire', 'our apartment building on fire')).toBe(true);
    expect(matches('(my|our) (house|apartment (building|)) (is|) on fire', 'my house is on fire')).toBe(true);
    expect(matches('(my|our) house on fire', 'their house on fire')).toBe(false);
  });

  it('"~" lets up to three words in between, "~~" up to six, never across a sentence', () => {
    expect(matches('smell ~ gas', 'smells a lot like gas')).toBe(false);
    expect(matches('smells ~ gas', 'smells a lot like gas')).toBe(true);
    expect(matches('smells ~ gas', 'smells a lot more like gas')).toBe(false);
    expect(matches('smells ~~ gas', 'smells a lot more like gas')).toBe(true);
    expect(matches('smells ~~ gas', 'smells weird. gas?')).toBe(false);
  });

  it('"word*" is any word starting so', () => {
    expect(matches('bleed*', 'bleeding')).toBe(true);
    expect(matches('bleed*', 'blood')).toBe(false);
  });

  it('"can\'t" also matches "cant", and case and accents typed or not', () => {
    expect(matches("can't breathe", 'cant breathe')).toBe(true);
    expect(matches("can't breathe", "CAN'T BREATHE")).toBe(true);
    expect(matches('está inconsciente', 'esta inconsciente')).toBe(true);
    expect(matches('esta', 'está')).toBe(true);
  });

  it('characters of scripts without spaces are words of their own', () => {
    expect(matches('着火', '着火了')).toBe(true);
    expect(matches('煤气 ~ 泄漏', '煤气好像泄漏了')).toBe(true);
  });

  it('refuses malformed terms with a reason', () => {
    expect(() => parseTermPattern('(fire|smoke')).toThrow('a "(" without its ")"');
    expect(() => parseTermPattern('fire | smoke')).toThrow('outside a "( )" group');
    expect(() => parseTermPattern('~ ~~')).toThrow('no word to start from');
  });
});
