/**
 * What answering asks of a trained linear model: class scores of features. A model supplies
 * each feature's weights (`addFeature`, `weight`); a word's scores and the bias are added alike.
 */
export abstract class ClassScorer {
  constructor(
    readonly classes: number,
    /** One bias per class (trained in place by `LinearModel`). */
    protected readonly bias: Float64Array,
  ) {}

  /** Adds feature `id` at `value` to the class scores in `out` (no bias). */
  abstract addFeature(id: number, value: number, out: Float64Array): void;

  /** How much feature `id` adds to class `c` per unit of its value (for explanations and tests). */
  abstract weight(id: number, c: number): number;

  /** The class scores of features `ids` at `values`, without the bias: a word's share, computed once. */
  scoresOf(ids: Int32Array, values: Float64Array): Float64Array {
    const out = new Float64Array(this.classes);
    for (let k = 0; k < ids.length; k++) this.addFeature(ids[k] as number, values[k] as number, out);
    return out;
  }

  /** Puts the class biases in `out` and adds `scores` scaled by `scale`. */
  withBias(scores: Float64Array, scale: number, out: Float64Array): void {
    for (let c = 0; c < this.classes; c++) out[c] = (this.bias[c] as number) + (scores[c] as number) * scale;
  }
}
