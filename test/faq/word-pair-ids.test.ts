import { describe, expect, it } from 'vitest';
import { WordPairIds } from '../../src/faq/word-pair-ids.js';

describe('WordPairIds', () => {
  const pairs = new Map([
    ['pick', new Map([['up', 7], ['out', 3]])],
    ['come', new Map([['back', 11]])],
    ['back', new Map([['up', 5]])],
  ]);
  const ids = new WordPairIds(pairs);
  const id = (stem: string) => ids.stemId(stem);

  it('finds every pair it was given, by the numbers of its stems', () => {
    for (const [first, seconds] of pairs) for (const [second, feature] of seconds) expect(ids.get(id(first), id(second))).toBe(feature);
  });

  it('finds no pair the other way round, nor pairs of stems that only appear apart', () => {
    expect(ids.get(id('up'), id('pick'))).toBe(-1);
    expect(ids.get(id('back'), id('out'))).toBe(-1);
    // "up" begins no pair: its row is empty.
    expect(ids.get(id('up'), id('back'))).toBe(-1);
  });

  it('numbers only stems that are in a pair', () => {
    expect(id('shovel')).toBe(-1);
    expect(new Set(['pick', 'up', 'out', 'come', 'back'].map(id)).size).toBe(5);
  });

  it('matches a Map on many random pairs', () => {
    let seed = 42;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const many = new Map<string, Map<string, number>>();
    for (let i = 0; i < 2000; i++) {
      const first = `w${random(300)}`;
      const row = many.get(first) ?? new Map<string, number>();
      many.set(first, row);
      if (!row.has(`w${random(300)}`)) row.set(`w${random(300)}`, i);
    }
    const table = new WordPairIds(many);
    for (let a = 0; a < 300; a++) {
      for (let b = 0; b < 300; b++) {
        const expected = many.get(`w${a}`)?.get(`w${b}`) ?? -1;
        const [x, y] = [table.stemId(`w${a}`), table.stemId(`w${b}`)];
        expect(x < 0 || y < 0 ? -1 : table.get(x, y)).toBe(expected);
      }
    }
  });
});
