import { ClassScorer } from './class-scorer.js';
import { CompactLinearModel } from './compact-linear-model.js';
import type { SparseVector } from './features.js';

export interface TrainingOptions {
  /** Passes over the examples. */
  epochs: number;
  /** AdaGrad step size. */
  learningRate: number;
  /** L2 penalty per step: keeps weights small, so confidence stays modest on posts unlike any example. */
  l2: number;
  /** A class whose error on an example is smaller than this is left alone for that example (most are, after a pass or two). */
  minError: number;
  /**
   * AdaGrad's starting sum of squared gradients. Near zero, a weight's first step is the full step
   * size whatever its gradient, and the model depends on the order of the examples (different
   * orders changed 3% of the dev set's decisions); 0.01 makes small gradients take small steps.
   */
  initialAccumulator: number;
  /**
   * Trainings in different example orders whose weights are averaged. One order alone let any
   * added example re-roll a few borderline posts in other languages (one to three per dev set);
   * the loss is convex, so the average of several orders' weights is at least as good as they are
   * on average, and steadier.
   */
  orders: number;
}

export const DEFAULT_TRAINING: TrainingOptions = { epochs: 8, learningRate: 1, l2: 1e-4, minError: 0.01, initialAccumulator: 0.01, orders: 4 };

/** Seeds of the example orders (the first is the one a single-order training always used). */
const ORDER_SEEDS = [20_260_126, 7_919, 104_729, 1_299_709] as const;

/** Step size of the class biases (plain SGD: a handful of numbers). */
const BIAS_STEP = 0.05;

/**
 * Multinomial logistic regression (a softmax over the classes) on sparse feature vectors, trained
 * by AdaGrad in fixed, seeded orders (several, averaged): the same examples always give the same weights, so a
 * decision can be reproduced and explained. Scoring a post costs features × classes
 * multiply-adds, however many examples the knowledge base holds.
 */
export class LinearModel extends ClassScorer {
  /** weights[feature * classes + class]; single precision halves the memory a post's scoring walks through. */
  private readonly weights: Float32Array;
  constructor(
    classes: number,
    readonly features: number,
  ) {
    super(classes, new Float64Array(classes));
    this.weights = new Float32Array(features * classes);
  }

  /** The weights and biases as bytes (for the trained-weights cache). */
  toBytes(): Uint8Array {
    const out = new Uint8Array(this.byteLength());
    out.set(new Uint8Array(this.weights.buffer, this.weights.byteOffset, this.weights.byteLength), 0);
    out.set(new Uint8Array(this.bias.buffer, this.bias.byteOffset, this.bias.byteLength), this.weights.byteLength);
    return out;
  }

  /** Takes the weights and biases from `toBytes()` output of a model of the same shape. */
  fromBytes(data: Uint8Array): void {
    if (data.length !== this.byteLength()) throw new Error(`weights of ${data.length} bytes for a model of ${this.byteLength()}`);
    const copy = new Uint8Array(data);
    this.weights.set(new Float32Array(copy.buffer, 0, this.weights.length));
    this.bias.set(new Float64Array(copy.buffer.slice(this.weights.byteLength), 0, this.bias.length));
  }

  /** How many bytes `toBytes()` gives. */
  byteLength(): number {
    return this.weights.byteLength + this.bias.byteLength;
  }

  /** Fits the weights to `examples` (labels are class numbers); deterministic for given inputs. */
  train(examples: readonly SparseVector[], labels: Int32Array, options: TrainingOptions = DEFAULT_TRAINING): void {
    for (const _ of this.trainInSteps(examples, labels, options, Infinity));
  }

  /**
   * `train`, pausing after every `stepExamples` examples: a running service retrains in the
   * background between steps (staff taught it a phrasing) without holding up the replies. The
   * weights are the same as `train`'s once the generator is done.
   */
  *trainInSteps(examples: readonly SparseVector[], labels: Int32Array, options: TrainingOptions = DEFAULT_TRAINING, stepExamples = 500): Generator<void, void, void> {
    if (this.classes > 65_535) throw new Error('too many classes');
    const orders = Math.max(1, options.orders);
    const weightSums = new Float64Array(this.weights.length);
    const biasSums = new Float64Array(this.bias.length);
    for (let k = 0; k < orders; k++) {
      this.weights.fill(0);
      this.bias.fill(0);
      yield* this.trainOneOrder(examples, labels, options, stepExamples, ORDER_SEEDS[k % ORDER_SEEDS.length] as number + Math.floor(k / ORDER_SEEDS.length));
      for (let i = 0; i < weightSums.length; i++) weightSums[i] = (weightSums[i] as number) + (this.weights[i] as number);
      for (let c = 0; c < biasSums.length; c++) biasSums[c] = (biasSums[c] as number) + (this.bias[c] as number);
    }
    for (let i = 0; i < weightSums.length; i++) this.weights[i] = (weightSums[i] as number) / orders;
    for (let c = 0; c < biasSums.length; c++) this.bias[c] = (biasSums[c] as number) / orders;
  }

  /** One training from the current weights, shuffling the examples each epoch from `seed`. */
  private *trainOneOrder(examples: readonly SparseVector[], labels: Int32Array, options: TrainingOptions, stepExamples: number, seed: number): Generator<void, void, void> {
    const { classes, weights, bias } = this;
    const squares = new Float64Array(weights.length).fill(options.initialAccumulator);
    const probabilities = new Float64Array(classes);
    const order = Int32Array.from(examples.keys());
    const random = () => (seed = (Math.imul(seed, 1_103_515_245) + 12_345) & 0x7fffffff) / 0x7fffffff;
    let sinceStep = 0;
    for (let epoch = 0; epoch < options.epochs; epoch++) {
      for (let i = order.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        const swap = order[i] as number;
        order[i] = order[j] as number;
        order[j] = swap;
      }
      for (const index of order) {
        if (++sinceStep >= stepExamples) {
          sinceStep = 0;
          yield;
        }
        const x = examples[index] as SparseVector;
        const n = x.ids.length;
        this.logits(x, n, probabilities);
        softmaxInPlace(probabilities);
        const label = labels[index] as number;
        for (let c = 0; c < classes; c++) {
          const error = (probabilities[c] as number) - (c === label ? 1 : 0);
          if (error < options.minError && error > -options.minError) continue;
          bias[c] = (bias[c] as number) - BIAS_STEP * error;
          for (let k = 0; k < n; k++) {
            const at = (x.ids[k] as number) * classes + c;
            const gradient = error * (x.values[k] as number) + options.l2 * (weights[at] as number);
            squares[at] = (squares[at] as number) + gradient * gradient;
            weights[at] = (weights[at] as number) - (options.learningRate * gradient) / Math.sqrt(squares[at] as number);
          }
        }
      }
    }
  }

  /** Class scores (before the softmax) of the first `n` features of `x`, into `out`. */
  logits(x: SparseVector, n: number, out: Float64Array): void {
    const { classes, weights, bias } = this;
    for (let c = 0; c < classes; c++) out[c] = bias[c] as number;
    for (let k = 0; k < n; k++) {
      const base = (x.ids[k] as number) * classes;
      const value = x.values[k] as number;
      for (let c = 0; c < classes; c++) out[c] = (out[c] as number) + value * (weights[base + c] as number);
    }
  }

  /** Adds feature `id` at `value` to the class scores in `out` (no bias). */
  addFeature(id: number, value: number, out: Float64Array): void {
    const { classes, weights } = this;
    const base = id * classes;
    for (let c = 0; c < classes; c++) out[c] = (out[c] as number) + value * (weights[base + c] as number);
  }

  /** How much feature `id` adds to class `c` per unit of its value (for explanations and tests). */
  weight(id: number, c: number): number {
    return this.weights[id * this.classes + c] as number;
  }

  /** The trained weights for answering only, in half the memory (see `CompactLinearModel`). */
  compact(): CompactLinearModel {
    return new CompactLinearModel(this.classes, this.weights, this.bias);
  }
}

/** Turns class scores into probabilities, in place. */
export function softmaxInPlace(scores: Float64Array): void {
  let max = -Infinity;
  for (let c = 0; c < scores.length; c++) if ((scores[c] as number) > max) max = scores[c] as number;
  let sum = 0;
  for (let c = 0; c < scores.length; c++) {
    const e = Math.exp((scores[c] as number) - max);
    scores[c] = e;
    sum += e;
  }
  for (let c = 0; c < scores.length; c++) scores[c] = (scores[c] as number) / sum;
}
