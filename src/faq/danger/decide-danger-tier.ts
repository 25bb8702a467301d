import type { DangerTier } from './compose-danger.js';
import type { DangerThresholds } from './danger-model.js';
import type { LexiconReading } from './lexicon-reader.js';

/** Why a message got its tier: staff and evaluations see which evidence decided. */
export type DangerBasis = 'model-and-lexicon' | 'model' | 'lexicon-alarm' | 'none';

/**
 * The tier from the model's log-odds and the lexicons' reading. Danger recall comes first: when
 * unsure, `possible` (one extra sentence) rather than none.
 *
 * - `urgent` (the full 911 reply) only where danger is very likely: the model above its urgent
 *   threshold *and* lexicon evidence (the lexicons saw danger, after putting slips right).
 * - `possible` when the model is above its possible threshold, or when the lexicons read alarm
 *   words that nothing in the message doubts ("not breathing", "house on fire", "911") and the
 *   model is above its lower `alarm` threshold: the obvious words still count in languages the
 *   model saw few examples of, but an alarm word in a story the model reads as harmless
 *   ("akala ko may sunog, usok pala ng grill") does not.
 * - `none` otherwise: partial lexicon evidence the model does not believe ("gas prices are wild")
 *   is dropped; that is where most of the lexicons' false alarms were.
 */
export function decideDangerTier(logit: number, reading: Pick<LexiconReading, 'tier' | 'alarm'>, thresholds: DangerThresholds): { tier: DangerTier; basis: DangerBasis } {
  if (logit >= thresholds.urgent && reading.tier !== 'none') return { tier: 'urgent', basis: 'model-and-lexicon' };
  if (logit >= thresholds.possible) return { tier: 'possible', basis: reading.tier === 'none' ? 'model' : 'model-and-lexicon' };
  if (reading.alarm && reading.tier === 'urgent' && logit >= thresholds.alarm) return { tier: 'possible', basis: 'lexicon-alarm' };
  return { tier: 'none', basis: 'none' };
}
