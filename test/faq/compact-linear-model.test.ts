import { describe, expect, it } from 'vitest';
import type { SparseVector } from '../../src/faq/features.js';
import { LinearModel } from '../../src/faq/linear-model.js';

/** Forty classes' worth of random sparse examples over 500 features (seeded: the same every run). */
function randomExamples(): { examples: SparseVector[]; labels: Int32Array } {
  let seed = 7;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const examples: SparseVector[] = [];
  const labels: number[] = [];
  for (let i = 0; i < 600; i++) {
    const label = i % 40;
    const ids = [...new Set([label * 10 + Math.floor(random() * 10), Math.floor(random() * 500), Math.floor(random() * 500)])].sort((a, b) => a - b);
    examples.push({ ids: Int32Array.from(ids), values: Float64Array.from(ids, () => 1 / Math.sqrt(ids.length)) });
    labels.push(label);
  }
  return { examples, labels: Int32Array.from(labels) };
}

describe('compact linear model (16-bit weights, one scale per feature)', () => {
  const { examples, labels } = randomExamples();
  const model = new LinearModel(40, 500);
  model.train(examples, labels);
  const compact = model.compact();
  const largestOf = (f: number) => Math.max(...Array.from({ length: 40 }, (_, c) => Math.abs(model.weight(f, c))));

  it('keeps every weight within 1/65,534 of its feature’s largest weight', () => {
    for (let f = 0; f < 500; f++) {
      const largest = largestOf(f);
      for (let c = 0; c < 40; c++) expect(Math.abs(compact.weight(f, c) - model.weight(f, c)), `${f}/${c}`).toBeLessThanOrEqual(largest / 65_534 + 1e-12);
    }
  });

  it('scores every example as the full model does, within the rounding of its features, with the same best class', () => {
    for (const x of examples) {
      const full = new Float64Array(40);
      const small = new Float64Array(40);
      model.withBias(model.scoresOf(x.ids, x.values), 1, full);
      compact.withBias(compact.scoresOf(x.ids, x.values), 1, small);
      // Each feature's weights are off by at most half a step of its own scale.
      let bound = 1e-12;
      x.ids.forEach((f, k) => (bound += Math.abs(x.values[k] as number) * (largestOf(f) / 65_534)));
      expect(bound).toBeLessThan(1e-3);
      for (let c = 0; c < 40; c++) expect(Math.abs((small[c] as number) - (full[c] as number))).toBeLessThanOrEqual(bound);
      expect(small.indexOf(Math.max(...small))).toBe(full.indexOf(Math.max(...full)));
    }
  });

  it('adds a feature as scoresOf does', () => {
    const out = new Float64Array(40);
    compact.addFeature(123, 0.5, out);
    expect([...out]).toEqual([...compact.scoresOf(Int32Array.from([123]), Float64Array.from([0.5]))]);
  });

  it('stores a feature whose weights are all zero as zeros', () => {
    const untouched = new LinearModel(3, 2).compact();
    expect([untouched.weight(0, 0), untouched.weight(1, 2)]).toEqual([0, 0]);
  });
});
