import { dangerFeatures, type FeatureSpace, type Features } from '../danger-features.js';
import type { DangerThresholds } from '../danger-model.js';
import type { LexiconReader, LexiconReading } from '../lexicon-reader.js';
import { chooseThresholds, ratesAt, type Rates, type ScoredExample, type ThresholdBudgets } from './choose-thresholds.js';
import { trainedLogit, trainLogistic, type Example, type TrainedWeights } from './logistic-regression.js';
import { wrappedCopies, type ContextFragment } from './context-fragments.js';
import { seededRandom } from './seeded-random.js';
import { trainSelfHarmHead, type TrainedSelfHarmHead } from './train-self-harm-head.js';

/** One labelled message to learn from. */
export interface TrainingRow {
  text: string;
  locale: string;
  danger: boolean;
  /**
   * False for rows the lexicons were tuned on (`eval/dev/danger-<lang>.tsv`): the model learns
   * from them, but they do not choose the thresholds, where the lexicons would look better than
   * they are on new wordings.
   */
  measured: boolean;
  /** Someone who may hurt or kill themselves (`category` self-harm): what the self-harm head learns. */
  selfHarm?: boolean;
}

export interface TrainingSettings {
  space: FeatureSpace;
  epochs: number;
  learningRate: number;
  l2: number;
  /** How much a dangerous example counts against a harmless one (missing danger costs more). */
  positiveWeight: number;
  folds: number;
  seed: number;
  budgets: ThresholdBudgets;
  /** The share of rows learnt from again wrapped in a context fragment (see `wrappedCopies`); 0: none. */
  contextShare: number;
}

export interface TrainedDangerModel {
  weights: TrainedWeights;
  thresholds: DangerThresholds;
  /** Out-of-fold rates at the chosen thresholds, on the measured rows. */
  crossValidated: Record<string, Rates>;
  /** The out-of-fold log-odds the thresholds were chosen on. */
  outOfFold: ScoredExample[];
  /** Which dangerous messages are about self-harm (see `trainSelfHarmHead`). */
  selfHarm: TrainedSelfHarmHead;
  /** How many rows were learnt from again wrapped in a context fragment. */
  copies: number;
}

interface Prepared {
  row: TrainingRow;
  reading: Pick<LexiconReading, 'tier' | 'alarm' | 'floor' | 'languages' | 'letters'>;
  features: Features;
}

/**
 * Trains the danger model: features of every row (see `dangerFeatures`), out-of-fold log-odds by
 * k-fold cross-validation (folds stratified by language and label, seeded), thresholds chosen on
 * those (see `chooseThresholds`), then the final weights on every row; and the self-harm head
 * on the same features and folds. With `settings.contextShare`, some rows are learnt from twice,
 * the second time wrapped in one of `fragments` (a greeting, a signature...). Deterministic: the same
 * rows, lexicons and settings give the same weights, bit for bit.
 */
export function trainDangerModel(originals: readonly TrainingRow[], reader: LexiconReader, settings: TrainingSettings, fragments: readonly ContextFragment[] = []): TrainedDangerModel {
  // Wrapped copies are learnt from in their original's fold (no copy of a held-out row is learnt
  // from), and never measured: the thresholds are chosen on posts as residents wrote them.
  const originalFold = assignFolds(originals, settings.folds, settings.seed);
  const copies = settings.contextShare > 0 ? wrappedCopies(originals, fragments, settings.contextShare, settings.seed) : [];
  const rows = [...originals, ...copies.map(({ of, text }): TrainingRow => ({ ...(originals[of] as TrainingRow), text, measured: false }))];
  const fold = [...originalFold, ...copies.map(({ of }) => originalFold[of] as number)];
  const prepared: Prepared[] = rows.map((row) => {
    const reading = reader.read(row.text);
    return { row, reading: { tier: reading.tier, alarm: reading.alarm, floor: reading.floor, languages: reading.languages, letters: reading.letters }, features: dangerFeatures(reading, settings.space) };
  });
  const examples = prepared.map((p): Example => ({ features: p.features, label: p.row.danger ? 1 : 0, weight: p.row.danger ? settings.positiveWeight : 1 }));
  const options = { dimensions: 2 ** settings.space.bits, l2: settings.l2, epochs: settings.epochs, learningRate: settings.learningRate, seed: settings.seed };

  const scored: ScoredExample[] = [];
  for (let k = 0; k < settings.folds; k++) {
    const model = trainLogistic(
      examples.filter((_, i) => fold[i] !== k),
      options,
    );
    prepared.forEach((p, i) => {
      if (fold[i] === k && p.row.measured) scored.push({ text: p.row.text, locale: p.row.locale, danger: p.row.danger, logit: trainedLogit(model, p.features), reading: p.reading });
    });
  }
  const thresholds = chooseThresholds(scored, settings.budgets);
  const selfHarm = trainSelfHarmHead(
    prepared.map((p) => ({ features: p.features, danger: p.row.danger, selfHarm: p.row.selfHarm === true, measured: p.row.measured })),
    fold,
    settings.folds,
    options,
  );
  return { weights: trainLogistic(examples, options), thresholds, crossValidated: ratesAt(scored, thresholds), outOfFold: scored, selfHarm, copies: copies.length };
}

/** Fold of each row: within each language and label, rows are shuffled (seeded) and dealt round the folds. */
function assignFolds(rows: readonly TrainingRow[], folds: number, seed: number): number[] {
  const random = seededRandom(seed ^ 0x5eed);
  const groups = new Map<string, number[]>();
  rows.forEach((row, i) => {
    const key = `${row.locale}\t${row.danger}`;
    const list = groups.get(key);
    if (list === undefined) groups.set(key, [i]);
    else list.push(i);
  });
  const fold = new Array<number>(rows.length).fill(0);
  for (const key of [...groups.keys()].sort()) {
    const list = groups.get(key) as number[];
    for (let i = list.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [list[i], list[j]] = [list[j] as number, list[i] as number];
    }
    list.forEach((index, n) => (fold[index] = n % folds));
  }
  return fold;
}
