import type { DangerTier } from '../compose-danger.js';
import type { DangerThresholds, LanguageThresholds } from '../danger-model.js';
import { decideDangerTier } from '../decide-danger-tier.js';
import type { LexiconReading } from '../lexicon-reader.js';

/** One message scored out of fold: the model never saw it while its log-odds were computed. */
export interface ScoredExample {
  text: string;
  locale: string;
  danger: boolean;
  logit: number;
  reading: Pick<LexiconReading, 'tier' | 'alarm' | 'floor' | 'languages' | 'letters'>;
}

/** The largest share of harmless messages allowed each tier, out of fold. */
export interface ThresholdBudgets {
  /**
   * `possible` on harmless messages over all the well-sampled languages together (the target
   * is 5% on unseen posts; the rest is margin for unseen wordings).
   */
  possible: number;
  /** `possible` on harmless messages in any one well-sampled language: no language pays for the others' recall. */
  possibleEach: number;
  /** The full 911 reply on harmless messages, in every language (the target is 0.5%). */
  urgent: number;
  /** The part of `possible` that undoubted alarm words may take when the model doubts them, in every language. */
  alarm: number;
  /** The part of `possible` that alarm words and the alarm floor together may take, in every language. */
  floor: number;
  /**
   * `possible` on harmless messages in a well-sampled language at that language's own threshold
   * (`byLanguage`, for messages recognised in it). Never above the global threshold: a language
   * whose look-alikes need more keeps the global one. Unset: global thresholds only.
   */
  ownLanguage?: number;
  /** `ownLanguage` for particular languages, where unseen posts have shown how far out of fold is off. */
  ownLanguageFor?: Record<string, number>;
  /** Harmless examples a language needs to be well sampled (budgets of its own, `languages`); default 100. */
  wellSampledFrom?: number;
}

/** Recall and false alarms at some thresholds. */
export interface Rates {
  recall: number;
  possibleOnHarmless: number;
  urgentOnHarmless: number;
  dangerous: number;
  harmless: number;
}

/** The rates per language and over `all` when the tiers are decided with `thresholds`. */
export function ratesAt(scored: readonly ScoredExample[], thresholds: DangerThresholds): Record<string, Rates> {
  const counts = new Map<string, { dangerous: number; caught: number; harmless: number; possible: number; urgent: number }>();
  for (const example of scored) {
    // The row's language stands for the recognised one (the service passes what it recognised).
    const tier: DangerTier = decideDangerTier(example.logit, example.reading, thresholds, example.locale).tier;
    for (const key of [example.locale, 'all']) {
      let c = counts.get(key);
      if (c === undefined) counts.set(key, (c = { dangerous: 0, caught: 0, harmless: 0, possible: 0, urgent: 0 }));
      if (example.danger) {
        c.dangerous++;
        if (tier !== 'none') c.caught++;
      } else {
        c.harmless++;
        if (tier === 'possible') c.possible++;
        if (tier === 'urgent') c.urgent++;
      }
    }
  }
  const share = (n: number, d: number) => (d === 0 ? 0 : n / d);
  const rates: Record<string, Rates> = {};
  for (const key of [...counts.keys()].sort()) {
    const c = counts.get(key) as { dangerous: number; caught: number; harmless: number; possible: number; urgent: number };
    rates[key] = { recall: share(c.caught, c.dangerous), possibleOnHarmless: share(c.possible, c.harmless), urgentOnHarmless: share(c.urgent, c.harmless), dangerous: c.dangerous, harmless: c.harmless };
  }
  return rates;
}

/**
 * The thresholds from out-of-fold log-odds. `urgent` first: the lowest log-odds at which the full
 * 911 reply stays within its budget in every language. Then `alarm`: the lowest at which alarm
 * words the model doubts stay within their share of the possible-danger budget, and short alarm
 * messages (urgent, see `decideDangerTier`) within the urgent budget. Then `floor`: the lowest at
 * which the alarm floor (gas, fire, not breathing... undoubted) adds no more than its share. Then
 * `possible`: the lowest at which possible danger on harmless messages, with all of the above,
 * stays within `possible` over the well-sampled languages together and within `possibleEach` in
 * every one of them (recall is what a lower threshold buys; the budget is what it costs).
 * Languages with fewer than `budgets.wellSampledFrom` harmless examples only count towards the whole, and
 * are left out of `languages`: there, undoubted alarm words always count (see `decideDangerTier`).
 */
export function chooseThresholds(scored: readonly ScoredExample[], budgets: ThresholdBudgets): DangerThresholds {
  const minHarmless = budgets.wellSampledFrom ?? 100;
  const candidates = [...new Set(scored.map((s) => s.logit))].sort((a, b) => a - b);
  const harmless = new Map<string, number>();
  for (const s of scored) if (!s.danger) harmless.set(s.locale, (harmless.get(s.locale) ?? 0) + 1);
  const languages = [...harmless].filter(([, n]) => n >= minHarmless).map(([l]) => l).sort();
  const withinBudget = (thresholds: DangerThresholds, budget: 'possible' | 'urgent' | 'alarm' | 'floor'): boolean => {
    let possible = 0;
    let total = 0;
    for (const [key, r] of Object.entries(ratesAt(scored, thresholds))) {
      if (r.harmless < minHarmless) continue;
      const rate = budget === 'urgent' ? r.urgentOnHarmless : r.possibleOnHarmless;
      if (rate > budgets[budget === 'possible' ? 'possibleEach' : budget]) return false;
      if (key === 'all') continue;
      possible += r.possibleOnHarmless * r.harmless;
      total += r.harmless;
    }
    // Pooled over the well-sampled languages only: a few dozen rows of each other language are too few to weigh.
    return budget !== 'possible' || total === 0 || possible / total <= budgets.possible;
  };
  const lowest = (ok: (t: number) => boolean): number => lowestOver(candidates, ok);
  const urgent = lowest((t) => withinBudget({ possible: t, urgent: t, alarm: t, floor: t, languages }, 'urgent'));
  // Alarm words first, within their own share of the possible-danger budget; then the floor; the model alone gets the rest.
  const alarmAt = (t: number): DangerThresholds => ({ possible: urgent, urgent, alarm: Math.min(t, urgent), floor: Math.min(t, urgent), languages });
  const alarm = lowest((t) => withinBudget(alarmAt(t), 'alarm') && withinBudget(alarmAt(t), 'urgent'));
  const floor = Math.min(alarm, lowest((t) => withinBudget({ possible: urgent, urgent, alarm, floor: Math.min(t, alarm), languages }, 'floor')));
  const possible = Math.min(urgent, lowest((t) => withinBudget({ possible: t, urgent, alarm, floor, languages }, 'possible')));
  const global: DangerThresholds = { possible: round(possible), urgent: round(urgent), alarm: round(alarm), floor: round(floor), languages };
  if (budgets.ownLanguage === undefined) return global;
  const byLanguage: Record<string, LanguageThresholds> = {};
  for (const language of languages) byLanguage[language] = chooseLanguageThresholds(scored.filter((s) => s.locale === language), global, language, budgets.ownLanguageFor?.[language] ?? budgets.ownLanguage);
  return { ...global, byLanguage };
}

/**
 * One language's own `possible` threshold, on its rows alone, with the global alarm, floor and
 * urgent thresholds: the lowest at which its possible danger stays within `possibleBudget`, never
 * above the global one, so recall in the language never falls below what the global thresholds
 * give it. `urgent` stays global: a language's own lower urgent threshold put the full 911 reply
 * on harmless look-alikes (an icicle smashing a flower pot) for a few more true dangers that
 * "possible" already leads with the 911 line.
 */
function chooseLanguageThresholds(
  rows: readonly ScoredExample[],
  global: DangerThresholds,
  language: string,
  possibleBudget: number,
): LanguageThresholds {
  const candidates = [...new Set(rows.map((s) => s.logit))].sort((a, b) => a - b);
  const at = (own: LanguageThresholds) => ratesAt(rows, { ...global, byLanguage: { [language]: own } })[language];
  const urgent = global.urgent;
  const possible = Math.min(global.possible, urgent, lowestOver(candidates, (t) => (at({ possible: t, urgent })?.possibleOnHarmless ?? 0) <= possibleBudget));
  return { possible: round(possible), urgent: round(urgent) };
}

/** The lowest of the sorted `candidates` at which `ok` holds (the rates fall as the threshold rises), half-way to the next lower one. */
function lowestOver(candidates: readonly number[], ok: (t: number) => boolean): number {
  // The rates fall as the threshold rises, so a binary search over the candidates finds the lowest that fits.
  let lo = 0;
  let hi = candidates.length - 1;
  if (hi < 0) return Infinity;
  if (!ok(candidates[hi] as number)) return (candidates[hi] as number) + 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ok(candidates[mid] as number)) hi = mid;
    else lo = mid + 1;
  }
  // Half-way to the next lower candidate: the boundary is not set on one training example's score.
  const chosen = candidates[lo] as number;
  const below = candidates[lo - 1];
  return below === undefined ? chosen : (chosen + below) / 2;
}

const round = (x: number): number => Math.round(x * 10_000) / 10_000;
