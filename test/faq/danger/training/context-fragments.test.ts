import { describe, expect, it } from 'vitest';
import { parseContextFragments, wrappedCopies, wrapInContext } from '../../../../src/faq/danger/training/context-fragments.js';

const file = ['locale\tplace\tkind\ttext', 'en\tbefore\tgreeting\tHi there,', 'en\tafter\tthanks\tthank you 🙏', 'es\tafter\tthanks\tgracias', ''].join('\n');

describe('context fragments: what residents put around a post', () => {
  it('reads the file, and names the file and line of a bad row', () => {
    expect(parseContextFragments(file, 'f.tsv')).toEqual([
      { locale: 'en', place: 'before', kind: 'greeting', text: 'Hi there,' },
      { locale: 'en', place: 'after', kind: 'thanks', text: 'thank you 🙏' },
      { locale: 'es', place: 'after', kind: 'thanks', text: 'gracias' },
    ]);
    expect(() => parseContextFragments('locale\tplace\tkind\ttext\nen\tmiddle\tgreeting\thi', 'f.tsv')).toThrow('f.tsv:2');
    expect(() => parseContextFragments('locale\tplace\tkind\ttext\nen\tbefore\tgreeting\t ', 'f.tsv')).toThrow('f.tsv:2');
  });

  it('puts a fragment before or after the post', () => {
    expect(wrapInContext('my dad fell', { place: 'before', text: 'Hi,' })).toBe('Hi, my dad fell');
    expect(wrapInContext('my dad fell', { place: 'after', text: 'thanks' })).toBe('my dad fell thanks');
  });

  it('wraps about the share asked of each language’s rows, dangerous and harmless alike, replayably', () => {
    const fragments = parseContextFragments(file, 'f.tsv');
    const rows = Array.from({ length: 4000 }, (_, i) => ({ text: `post ${i}`, locale: ['en', 'es', 'de'][i % 3] as string }));
    const copies = wrappedCopies(rows, fragments, 0.25, 7);
    expect(wrappedCopies(rows, fragments, 0.25, 7)).toEqual(copies);
    // No copy of a language without fragments; each copy is its row with one of its language's fragments.
    expect(copies.every(({ of }) => rows[of]?.locale !== 'de')).toBe(true);
    const enShare = copies.filter(({ of }) => rows[of]?.locale === 'en').length / rows.filter((r) => r.locale === 'en').length;
    expect(enShare).toBeGreaterThan(0.2);
    expect(enShare).toBeLessThan(0.3);
    for (const { of, text } of copies) {
      const own = fragments.filter((f) => f.locale === rows[of]?.locale).map((f) => wrapInContext(rows[of]?.text ?? '', f));
      expect(own).toContain(text);
    }
    // Both kinds of the English fragments are used.
    expect(copies.some(({ text }) => text.startsWith('Hi there,'))).toBe(true);
    expect(copies.some(({ text }) => text.endsWith('thank you 🙏'))).toBe(true);
    expect(wrappedCopies(rows, fragments, 0, 7)).toEqual([]);
  });
});
