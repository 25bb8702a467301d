import { ClassScorer } from './class-scorer.js';

/** The largest stored weight: a row's largest weight is stored as this. */
const STEPS = 32_767;

/**
 * A trained model's weights for answering only: each feature's class weights as 16-bit integers
 * times one scale for the feature (its largest weight / 32,767). Half the memory of single
 * precision (~100,000 features × 25 classes: 9.4 → 5.3 MiB, the largest block an idle service
 * keeps). A weight moves by at most 1/65,534 of its feature's largest, so a post's class scores
 * move in the fifth decimal: no decision of the dev and training sets changed (see the README).
 */
export class CompactLinearModel extends ClassScorer {
  private readonly stored: Int16Array;
  private readonly scales: Float32Array;

  /** `weights[feature * classes + class]`, as `LinearModel` trains them. */
  constructor(classes: number, weights: Float32Array, bias: Float64Array) {
    super(classes, bias);
    const features = weights.length / classes;
    this.stored = new Int16Array(weights.length);
    this.scales = new Float32Array(features);
    for (let f = 0; f < features; f++) {
      const base = f * classes;
      let largest = 0;
      for (let c = 0; c < classes; c++) largest = Math.max(largest, Math.abs(weights[base + c] as number));
      const scale = largest / STEPS;
      this.scales[f] = scale;
      if (scale === 0) continue;
      for (let c = 0; c < classes; c++) this.stored[base + c] = Math.round((weights[base + c] as number) / (this.scales[f] as number));
    }
  }

  addFeature(id: number, value: number, out: Float64Array): void {
    const { classes, stored } = this;
    const base = id * classes;
    const scaled = value * (this.scales[id] as number);
    for (let c = 0; c < classes; c++) out[c] = (out[c] as number) + scaled * (stored[base + c] as number);
  }

  weight(id: number, c: number): number {
    return (this.stored[id * this.classes + c] as number) * (this.scales[id] as number);
  }
}
