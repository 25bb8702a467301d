import type { Features } from '../danger-features.js';
import { seededRandom } from './seeded-random.js';

/** A labelled example: its features, 1 for danger, and how much it counts. */
export interface Example {
  features: Features;
  label: 0 | 1;
  weight: number;
}

export interface TrainOptions {
  /** Size of the weight table (`2^bits` of the feature space). */
  dimensions: number;
  /** L2 penalty, applied to the weights each example touches. */
  l2: number;
  /** Passes over the examples. */
  epochs: number;
  /** AdaGrad's base step. */
  learningRate: number;
  /** Seed of the order the examples are visited in, epoch by epoch. */
  seed: number;
}

export interface TrainedWeights {
  weights: Float64Array;
  bias: number;
}

/** Log-odds of one example under trained (unquantised) weights. */
export function trainedLogit(model: TrainedWeights, features: Features): number {
  let z = model.bias;
  const { slots, values } = features;
  for (let i = 0; i < slots.length; i++) z += (model.weights[slots[i] as number] as number) * (values[i] as number);
  return z;
}

function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

/**
 * Logistic regression fitted by AdaGrad (a per-weight step that shrinks as the weight's gradients
 * add up), the examples visited in a seeded order: the same examples and seed give the same
 * weights, bit for bit. Chosen over full-batch L-BFGS, which measured slower to converge on
 * these near-separable data and no better out of fold (see README).
 */
export function trainLogistic(examples: readonly Example[], options: TrainOptions): TrainedWeights {
  const weights = new Float64Array(options.dimensions);
  const squares = new Float64Array(options.dimensions);
  let bias = 0;
  let biasSquares = 0;
  const random = seededRandom(options.seed);
  const meanWeight = examples.reduce((sum, e) => sum + e.weight, 0) / Math.max(1, examples.length);
  const order = examples.map((_, i) => i);
  const eta = options.learningRate;
  const lambda = options.l2;
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j] as number, order[i] as number];
    }
    for (const index of order) {
      const example = examples[index] as Example;
      const { slots, values } = example.features;
      let z = bias;
      for (let k = 0; k < slots.length; k++) z += (weights[slots[k] as number] as number) * (values[k] as number);
      const g = (example.weight / meanWeight) * (sigmoid(z) - example.label);
      for (let k = 0; k < slots.length; k++) {
        const slot = slots[k] as number;
        const w = weights[slot] as number;
        const gradient = g * (values[k] as number) + lambda * w;
        const s = (squares[slot] as number) + gradient * gradient;
        squares[slot] = s;
        if (s > 0) weights[slot] = w - (eta * gradient) / Math.sqrt(s);
      }
      biasSquares += g * g;
      if (biasSquares > 0) bias -= (eta * g) / Math.sqrt(biasSquares);
    }
  }
  return { weights, bias };
}
