import type { Features } from '../danger-features.js';
import { trainedLogit, trainLogistic, type TrainedWeights, type TrainOptions } from './logistic-regression.js';

/** A training row as the self-harm head sees it: its features, and what it is. */
export interface HeadRow {
  features: Features;
  danger: boolean;
  selfHarm: boolean;
  /** False for rows the lexicons were tuned on: learnt from, not measured. */
  measured: boolean;
}

export interface TrainedSelfHarmHead {
  weights: TrainedWeights;
  threshold: number;
  /** Out of fold at `threshold`, on the measured rows. */
  crossValidated: { selfHarm: number; tagged: number; otherDanger: number; mistagged: number };
}

/**
 * The share of other dangerous posts (a fire, a fall) that may be taken for self-harm out of fold:
 * they would get the crisis-line text, which still says to call 911 for anyone in danger, in place
 * of their own (the gas advice, "leave first").
 */
export const MISTAG_BUDGET = 0.02;

/** How much a self-harm post counts against another danger: they are one in seven of the dangerous rows. */
const SELF_HARM_WEIGHT = 3;

/**
 * The self-harm head: logistic regression over the danger model's features, self-harm posts
 * against every other dangerous one, on the same folds as the danger model.
 * Its threshold is the lowest out-of-fold log-odds at which other dangers stay within `MISTAG_BUDGET`.
 */
export function trainSelfHarmHead(rows: readonly HeadRow[], fold: readonly number[], folds: number, options: TrainOptions): TrainedSelfHarmHead {
  // Only dangerous rows: the head is asked only about messages already found dangerous, and
  // harmless look-alikes ("this commute is killing me") would teach it the words, not the danger.
  const examples = rows.map((r) => ({ features: r.features, label: r.selfHarm ? (1 as const) : (0 as const), weight: r.selfHarm ? SELF_HARM_WEIGHT : 1 }));
  const learnt = (keep: (i: number) => boolean) => trainLogistic(examples.filter((_, i) => rows[i]?.danger === true && keep(i)), options);
  const scored: { logit: number; row: HeadRow }[] = [];
  for (let k = 0; k < folds; k++) {
    const model = learnt((i) => fold[i] !== k);
    rows.forEach((row, i) => {
      if (fold[i] === k && row.measured && row.danger) scored.push({ logit: trainedLogit(model, row.features), row });
    });
  }
  const others = scored.filter((s) => !s.row.selfHarm).map((s) => s.logit).sort((a, b) => b - a);
  // The highest-scoring other dangers the budget allows are tagged; the threshold sits just above
  // the next one (rounded up, as stored, so the counts below are the shipped threshold's).
  const allowed = Math.floor(others.length * MISTAG_BUDGET);
  const threshold = others.length === 0 ? 0 : Math.ceil(((others[allowed] as number) + 1e-6) * 10_000) / 10_000;
  const count = (keep: (s: { logit: number; row: HeadRow }) => boolean) => scored.filter(keep).length;
  const crossValidated = {
    selfHarm: count((s) => s.row.selfHarm),
    tagged: count((s) => s.row.selfHarm && s.logit >= threshold),
    otherDanger: others.length,
    mistagged: count((s) => !s.row.selfHarm && s.logit >= threshold),
  };
  return { weights: learnt(() => true), threshold, crossValidated };
}
