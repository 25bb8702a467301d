import { describe, expect, it } from 'vitest';
import type { SparseVector } from '../../src/faq/features.js';
import { DEFAULT_TRAINING, LinearModel, softmaxInPlace } from '../../src/faq/linear-model.js';

const vector = (ids: number[]): SparseVector => ({ ids: Int32Array.from(ids), values: Float64Array.from(ids, () => 1 / Math.sqrt(ids.length)) });

/** Three classes told apart by features 0/1, 2/3 and 4/5; feature 6 is shared noise. */
const examples = [vector([0, 6]), vector([1, 6]), vector([0, 1]), vector([2, 6]), vector([3, 6]), vector([2, 3]), vector([4, 6]), vector([5, 6]), vector([4, 5])];
const labels = Int32Array.from([0, 0, 0, 1, 1, 1, 2, 2, 2]);

function probabilities(model: LinearModel, x: SparseVector): number[] {
  const out = new Float64Array(model.classes);
  model.logits(x, x.ids.length, out);
  softmaxInPlace(out);
  return [...out];
}

describe('softmax classifier', () => {
  it('learns classes from sparse features and gives the shared feature no say', () => {
    const model = new LinearModel(3, 7);
    model.train(examples, labels);
    for (const [ids, label] of [[[0], 0], [[3], 1], [[5, 6], 2]] as const) {
      const p = probabilities(model, vector([...ids]));
      expect(p.indexOf(Math.max(...p)), String(ids)).toBe(label);
    }
    const noise = probabilities(model, vector([6]));
    expect(Math.max(...noise) - Math.min(...noise)).toBeLessThan(0.2);
  });

  it('is deterministic: the same examples give bit-identical weights', () => {
    const a = new LinearModel(3, 7);
    const b = new LinearModel(3, 7);
    a.train(examples, labels, DEFAULT_TRAINING);
    b.train(examples, labels, DEFAULT_TRAINING);
    for (let f = 0; f < 7; f++) for (let c = 0; c < 3; c++) expect(a.weight(f, c)).toBe(b.weight(f, c));
  });

  it('averaged over several example orders, depends less on the order the examples come in', () => {
    // Overlapping classes: which example comes last moves the weights of a single-order training.
    const mixed = [...examples, vector([0, 3]), vector([3, 4]), vector([1, 5]), vector([2, 6, 4])];
    const mixedLabels = Int32Array.from([...labels, 1, 2, 0, 1]);
    const reversedOrder = [...mixed.keys()].reverse();
    const spread = (orders: number) => {
      const forward = new LinearModel(3, 7);
      const backward = new LinearModel(3, 7);
      forward.train(mixed, mixedLabels, { ...DEFAULT_TRAINING, orders });
      backward.train(reversedOrder.map((i) => mixed[i] as SparseVector), Int32Array.from(reversedOrder, (i) => mixedLabels[i] as number), { ...DEFAULT_TRAINING, orders });
      let sum = 0;
      for (let f = 0; f < 7; f++) for (let c = 0; c < 3; c++) sum += Math.abs(forward.weight(f, c) - backward.weight(f, c));
      return sum;
    };
    expect(spread(1)).toBeGreaterThan(0);
    expect(spread(4)).toBeLessThan(spread(1));
  });

  it('adds a word\'s precomputed scores exactly as its features would', () => {
    const model = new LinearModel(3, 7);
    model.train(examples, labels);
    const x = vector([0, 3, 6]);
    const direct = new Float64Array(3);
    model.logits(x, 3, direct);
    const viaScores = new Float64Array(3);
    model.withBias(model.scoresOf(x.ids, x.values), 1, viaScores);
    for (let c = 0; c < 3; c++) expect(viaScores[c]).toBeCloseTo(direct[c] as number, 5);
  });
});
