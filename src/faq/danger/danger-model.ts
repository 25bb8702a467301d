import { z } from 'zod';
import type { FeatureSpace, Features } from './danger-features.js';
import { linearModelFields, readModelFiles } from './read-model-files.js';
import type { SlotSums } from './slot-sums.js';

/** The file format version this code reads. */
export const DANGER_MODEL_FORMAT = 1;

/**
 * The decision thresholds, on the model's log-odds, chosen on out-of-fold predictions at
 * training time: `possible` for recall within the possible-danger budget on harmless messages;
 * `urgent` (the full 911 reply, with lexicon evidence too) where false alarms stay within theirs;
 * `alarm` (at most `possible`): possible danger when the lexicons read undoubted alarm words;
 * `floor` (at most `alarm`): below it the model may overrule the alarm floor (gas, fire, not
 * breathing... with nothing doubting them; see `decideDangerTier`);
 * `languages`: where the model had enough examples for its doubt to outweigh alarm words;
 * `byLanguage`: `possible` and `urgent` for a message recognised in one of those languages, each
 * chosen on that language's own out-of-fold scores and never above the global ones (so recall
 * in no language falls); any other language, or none given, takes the global ones.
 */
export const languageThresholdsSchema = z.strictObject({ possible: z.number(), urgent: z.number() });
export type LanguageThresholds = z.infer<typeof languageThresholdsSchema>;
export const thresholdsSchema = z.strictObject({
  possible: z.number(),
  urgent: z.number(),
  alarm: z.number(),
  floor: z.number(),
  languages: z.array(z.string()),
  byLanguage: z.record(z.string(), languageThresholdsSchema).optional(),
});
export type DangerThresholds = z.infer<typeof thresholdsSchema>;

const rate = z.strictObject({ recall: z.number(), possibleOnHarmless: z.number(), urgentOnHarmless: z.number(), dangerous: z.number().int(), harmless: z.number().int() });

/** `faq/danger/model.json`: what the weights in `model.bin` mean and where they came from. */
export const modelMetadataSchema = z.strictObject({
  format: z.literal(DANGER_MODEL_FORMAT),
  ...linearModelFields,
  thresholds: thresholdsSchema,
  training: z.strictObject({
    seed: z.number().int(),
    epochs: z.number().int(),
    learningRate: z.number(),
    l2: z.number(),
    positiveWeight: z.number(),
    folds: z.number().int(),
    /** sha256 over the training files and the lexicons, in name order: a changed input means a stale model. */
    inputsHash: z.string().regex(/^[0-9a-f]{64}$/),
    files: z.array(z.strictObject({ file: z.string(), sha256: z.string(), rows: z.number().int() })),
    /** The context fragments some rows were learnt from again wrapped in (see `wrappedCopies`), and how many copies. */
    context: z.strictObject({ file: z.string(), sha256: z.string(), fragments: z.number().int(), share: z.number(), copies: z.number().int() }).optional(),
    /** Out-of-fold numbers at the chosen thresholds, per language and `all`, on the rows the lexicons were not tuned on. */
    crossValidated: z.record(z.string(), rate),
  }),
  /** Log-odds of a few fixed messages when trained: features and weights read back must give the same. */
  fingerprint: z.array(z.strictObject({ text: z.string(), logit: z.number() })),
});
export type DangerModelMetadata = z.infer<typeof modelMetadataSchema>;

/** A trained linear model over hashed features (see `dangerFeatures`), read from `model.json` and `model.bin`. */
export class DangerModel {
  constructor(
    readonly metadata: DangerModelMetadata,
    private readonly weights: Int16Array,
  ) {
    if (weights.length !== 2 ** metadata.featureSpace.bits) throw new Error(`model has ${weights.length} weights, its feature space ${2 ** metadata.featureSpace.bits}`);
  }

  get space(): FeatureSpace {
    return this.metadata.featureSpace;
  }

  get thresholds(): DangerThresholds {
    return this.metadata.thresholds;
  }

  /** Log-odds that the message describes danger. */
  logit(features: Features): number {
    let sum = 0;
    const { slots, values } = features;
    for (let i = 0; i < slots.length; i++) sum += (this.weights[slots[i] as number] as number) * (values[i] as number);
    return this.metadata.bias + sum * this.metadata.scale;
  }

  /** `logit` of the features summed in `sums` (which it empties), without building their vector. */
  logitOfSums(sums: SlotSums): number {
    return this.metadata.bias + sums.dot(this.weights) * this.metadata.scale;
  }

  /** The weight of one slot (for explanations: which features pushed the decision). */
  weight(slot: number): number {
    return (this.weights[slot] as number) * this.metadata.scale;
  }
}

/** Reads `model.json` and `model.bin` from `dir`; a missing or malformed file is an error naming it. */
export function loadDangerModel(dir: string): DangerModel {
  const { metadata, weights } = readModelFiles(dir, 'model', modelMetadataSchema, 'danger model');
  return new DangerModel(metadata, weights);
}
