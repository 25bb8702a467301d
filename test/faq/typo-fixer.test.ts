import { describe, expect, it } from 'vitest';
import { TypoFixer, withinOneEdit } from '../../src/faq/typo-fixer.js';

describe('withinOneEdit', () => {
  it('accepts one insertion, deletion, substitution or neighbour swap, and nothing more', () => {
    for (const [a, b] of [['fire', 'fire'], ['fire', 'fiire'], ['fire', 'fre'], ['fire', 'fide'], ['smell', 'semll'], ['fire', 'firee']]) expect(withinOneEdit(a as string, b as string), `${a}/${b}`).toBe(true);
    for (const [a, b] of [['fire', 'fier e'], ['fire', 'ifer'], ['smell', 'smaal'], ['fire', 'fi'], ['gas', 'sag']]) expect(withinOneEdit(a as string, b as string), `${a}/${b}`).toBe(false);
  });
});

describe('TypoFixer', () => {
  const fixer = new TypoFixer(new Set(['fire', 'were', 'smell', 'monoxide', 'respira']), new Set(['fine', 'five', 'file', 'here', 'fide']));

  it('puts a misspelt danger word right', () => {
    expect(fixer.fix('fiee')).toBe('fire');
    expect(fixer.fix('semll')).toBe('smell');
    expect(fixer.fix('monoxdie')).toBe('monoxide');
    expect(fixer.fix('repira')).toBe('respira');
  });

  it('leaves real words, short words, targets themselves and ambiguous typos alone', () => {
    expect(fixer.fix('fine')).toBeUndefined();
    expect(fixer.fix('fide')).toBeUndefined();
    expect(fixer.fix('fie')).toBeUndefined();
    expect(fixer.fix('fire')).toBeUndefined();
    // One edit from "fire" and from "were": no guess.
    expect(fixer.fix('fere')).toBeUndefined();
    for (const word of ['the', 'fine', 'is', 'five', 'dollars']) expect(fixer.fix(word)).toBeUndefined();
  });

  it('strict: refuses a slip that is also one edit from a real word that is not a target', () => {
    const targets = new Set(['hoat', 'schools']);
    const known = new Set(['hola', 'hoat', 'schools', 'school']);
    expect(new TypoFixer(targets, known).fix('hoal')).toBe('hoat');
    expect(new TypoFixer(targets, known, true).fix('hoal')).toBeUndefined();
    expect(new TypoFixer(targets, known, true).fix('scvools')).toBe('schools');
  });
});
