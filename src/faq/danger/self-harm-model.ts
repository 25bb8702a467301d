import { z } from 'zod';
import type { FeatureSpace } from './danger-features.js';
import { linearModelFields, readModelFiles } from './read-model-files.js';
import type { SlotSums } from './slot-sums.js';

/** The file format version this code reads. */
export const SELF_HARM_MODEL_FORMAT = 1;

/** `faq/danger/self-harm.json`: what the weights in `self-harm.bin` mean and where they came from. */
export const selfHarmMetadataSchema = z.strictObject({
  format: z.literal(SELF_HARM_MODEL_FORMAT),
  /** Its feature space is the danger model's: one reading of a message serves both. */
  ...linearModelFields,
  /** At or above this log-odds, a message already found dangerous is taken for self-harm. */
  threshold: z.number(),
  training: z.strictObject({
    /** The danger model's `inputsHash`: the two are trained together, from the same files. */
    inputsHash: z.string().regex(/^[0-9a-f]{64}$/),
    /**
     * Out of fold at `threshold`: self-harm posts (`category` self-harm) tagged so, and other
     * dangerous posts tagged so by mistake (they would get the crisis-line text in place of theirs).
     */
    crossValidated: z.strictObject({ selfHarm: z.number().int(), tagged: z.number().int(), otherDanger: z.number().int(), mistagged: z.number().int() }),
  }),
});
export type SelfHarmMetadata = z.infer<typeof selfHarmMetadataSchema>;

/**
 * Whether a dangerous message is about someone who may hurt or kill themselves: a second linear
 * model over the danger model's features. The lexicons name the kind when their words are used
 * ("kill myself"); most people say it otherwise ("please feed my cat tomorrow, I won't be here"),
 * and without the kind they would get the 911 text but not the crisis line.
 */
export class SelfHarmModel {
  constructor(
    readonly metadata: SelfHarmMetadata,
    private readonly weights: Int16Array,
  ) {
    if (weights.length !== 2 ** metadata.featureSpace.bits) throw new Error(`self-harm model has ${weights.length} weights, its feature space ${2 ** metadata.featureSpace.bits}`);
  }

  get space(): FeatureSpace {
    return this.metadata.featureSpace;
  }

  /** Whether the features summed in `sums` (which it empties) say self-harm. */
  says(sums: SlotSums): boolean {
    return this.metadata.bias + sums.dot(this.weights) * this.metadata.scale >= this.metadata.threshold;
  }
}

/** Reads `self-harm.json` and `self-harm.bin` from `dir`; a missing or malformed file is an error naming it. */
export function loadSelfHarmModel(dir: string): SelfHarmModel {
  const { metadata, weights } = readModelFiles(dir, 'self-harm', selfHarmMetadataSchema, 'self-harm model');
  return new SelfHarmModel(metadata, weights);
}
