import type { DangerTier } from './compose-danger.js';
import type { DangerThresholds, LanguageThresholds } from './danger-model.js';
import type { DangerToken } from './danger-text.js';
import type { LexiconReading } from './lexicon-reader.js';

/** Why a message got its tier: staff and evaluations see which evidence decided. */
export type DangerBasis = 'model-and-lexicon' | 'model' | 'lexicon-alarm' | 'lexicon-floor' | 'lexicon-short' | 'none';

/**
 * A message this short (letters, see `LexiconReading.letters`) gives the model no context to doubt
 * the lexicons by: "incendio", "gas leak", "my house is on fire", "carbon monoxide alarm going
 * off" get the lexicons' tier. Out of fold on the training files this cost 7 of 9,520 harmless
 * messages a possible danger and 3 the full 911 reply.
 */
export const SHORT_MESSAGE_LETTERS = 30;

/**
 * Alarm words that stand (see below) in a message this short are the whole message: "my house is
 * on fire", "a live wire is down on the sidewalk" get the full 911 reply. Out of fold on the
 * training files this added next to no false 911 replies (0.17% of harmless in all, at most 0.44%
 * in one language, with the model's own urgent tier).
 */
export const SHORT_ALARM_LETTERS = 40;

/**
 * The tier from the model's log-odds and the lexicons' reading. Danger recall comes first: when
 * unsure, `possible` (one extra sentence) rather than none.
 *
 * The operating point (`DANGER_TRAINING.budgets`, thresholds chosen by 5-fold cross-validation
 * on `eval/train/` only): the lowest thresholds at which, out of fold, possible danger stays at
 * or under 3.5% of harmless messages over the ten served languages together and 6% in any one
 * of them, and the full 911 reply under 0.3% in every one. The targets on unseen posts are 5%
 * and 0.5%; the margin is for wordings no training file has. Then, for a message recognised in
 * one of the well-sampled languages (`language`), that language's own `possible`
 * (`thresholds.byLanguage`): the lowest at which, out of fold on its rows alone, possible danger
 * stays at or under 4% of its harmless messages (5% in Arabic, the served language with the
 * lowest recall: a missed danger costs more than a cautious reply), never above the global one (a
 * misrecognised message is never flagged less readily than with no language given); `urgent`
 * stays global. A message in Arabizi takes Arabic's threshold when it is the lower
 * (`thresholdLanguage`). Out of fold, with the doubt words of every served lexicon,
 * recall rose from 87.5% to 89.4% (Russian 84.4% → 90.2%, Arabic 87.9% → 90.0%); Vietnamese,
 * whose look-alikes set the global thresholds, keeps them. With Arabic consonant skeletons, the
 * fourth training batch and Arabic's 5% budget: 90.7% at 4.9% possible and 0.1% full 911
 * (Arabic 91.3%, Portuguese 92.2%). With seven batches (24,426 rows): 92.1% at 5.1%, full 911
 * 0.1% (served languages 88.9–97.0%).
 *
 * - `urgent` (the full 911 reply) only where danger is very likely: the model above its urgent
 *   threshold *and* lexicon evidence (the lexicons saw danger, after putting slips right); or
 *   alarm words that stand (below) in a short message; or the lexicons' urgent in a very short one.
 *   In a language the model saw few examples of, those two short cases are urgent only with the
 *   model at or above its `alarm` threshold, else possible: their small lexicons know few idioms
 *   ("this song is fire"), and on the fourth training batch's unseen harmless posts in the thirteen
 *   recognised languages they gave the full 911 reply to 9 of 316.
 * - `possible` when the model is above its possible threshold, or when the lexicons read alarm
 *   words that nothing in the message doubts ("not breathing", "house on fire", "911") and the
 *   model is above its lower `alarm` threshold. In a language the model saw few examples of
 *   (not in `thresholds.languages`), undoubted alarm words are always possible danger; in the
 *   served ones, an alarm word in a story the model reads as harmless ("I'm on fire tonight,
 *   three goals") is not.
 * - `possible` at least (the alarm floor) when the lexicons read an undoubted alarm of a floor
 *   kind (gas smell, fire, smoke, carbon monoxide, not breathing, unconscious, an ambulance asked
 *   for; see `ALARM_FLOOR_KINDS`) and nothing in the message doubts it (a rule question, a past
 *   or resolved event, a joke), unless the model is far below its possible threshold
 *   (`thresholds.floor`, chosen by cross-validation: alarm words and the floor together may take
 *   2% of harmless messages in any served language; ~2.5 log-odds below `possible` when
 *   trained). In a language the model saw few examples of, the floor always holds. Why the model
 *   may still overrule it there: out of fold, within the same budgets, a floor nothing could
 *   lower flagged 247 harmless messages of the served languages ("esse time tá pegando fogo",
 *   "the gas smell was the cabbage, PGW checked") to catch 40 dangerous ones, and the possible
 *   threshold had to rise so far that recall there fell from 87.0% to 82.0%; with the veto the
 *   floor catches 22 for 101, and without any floor recall is 88.8%. With the doubt words of every
 *   served language ("turned out", "all good now", "last winter", "is it safe to"...) and the
 *   per-language thresholds, at the shipped thresholds: the veto still pays (lifting it would catch
 *   2 more dangerous messages for 162 more harmless ones of 12,480; the doubts took 19 of those
 *   181 away), and the floor decides 9 dangerous and 49 harmless ones.
 * - the lexicons' tier in a message too short for the model to doubt them.
 * - `none` otherwise: partial lexicon evidence the model does not believe ("gas prices are wild")
 *   is dropped; that is where most of the lexicons' false alarms were.
 */
export function decideDangerTier(
  logit: number,
  reading: Pick<LexiconReading, 'tier' | 'alarm' | 'floor' | 'languages' | 'letters'>,
  thresholds: DangerThresholds,
  language?: string,
): { tier: DangerTier; basis: DangerBasis } {
  // In a language the model saw few examples of, its doubt does not outweigh alarm words.
  const lexiconLanguage = reading.languages[0]?.language;
  const modelKnows = lexiconLanguage !== undefined && thresholds.languages.includes(lexiconLanguage);
  const alarmStands = reading.alarm && reading.tier === 'urgent' && (!modelKnows || logit >= thresholds.alarm);
  // In a language the model saw few examples of, its lexicon has few idioms and doubts ("नया गाना तो एकदम आग है"):
  // short alarm words there get the full 911 reply only when the model does not doubt them, else possible.
  const shortUrgent = modelKnows || logit >= thresholds.alarm ? 'urgent' : 'possible';
  const model = decideModelTier(logit, reading, thresholds, language);
  if (model.tier === 'urgent') return model;
  if (reading.tier === 'urgent' && reading.letters <= SHORT_MESSAGE_LETTERS) return { tier: shortUrgent, basis: 'lexicon-short' };
  if (alarmStands && reading.letters <= SHORT_ALARM_LETTERS) return { tier: shortUrgent, basis: 'lexicon-alarm' };
  if (model.tier === 'possible') return model;
  if (alarmStands) return { tier: 'possible', basis: 'lexicon-alarm' };
  if (reading.floor && (!modelKnows || logit >= thresholds.floor)) return { tier: 'possible', basis: 'lexicon-floor' };
  if (reading.tier !== 'none' && reading.letters <= SHORT_MESSAGE_LETTERS) return { tier: 'possible', basis: 'lexicon-short' };
  return { tier: 'none', basis: 'none' };
}

/**
 * The model's own tier: `urgent` above its urgent threshold with lexicon evidence, `possible`
 * above its possible one. Without the lexicons' rules for short messages and alarm words: a window
 * of a long message (see `messageWindows`) is judged so, its alarm words having been read in the
 * whole message already, with every doubt it holds ("the gas smell ... was fixed").
 */
export function decideModelTier(
  logit: number,
  reading: Pick<LexiconReading, 'tier'>,
  thresholds: DangerThresholds,
  language?: string,
): { tier: DangerTier; basis: DangerBasis } {
  const { possible, urgent } = thresholdsForLanguage(thresholds, language);
  if (logit >= urgent && reading.tier !== 'none') return { tier: 'urgent', basis: 'model-and-lexicon' };
  if (logit >= possible) return { tier: 'possible', basis: reading.tier === 'none' ? 'model' : 'model-and-lexicon' };
  return { tier: 'none', basis: 'none' };
}

/**
 * The `possible` and `urgent` thresholds for a message recognised in `language` (`zh-Hant` reads
 * as `zh`): that language's own when the model has them, else the global ones (no language
 * given, an unserved or undetermined one, one with few training examples).
 */
export function thresholdsForLanguage(thresholds: DangerThresholds, language?: string): LanguageThresholds {
  const own = language === undefined ? undefined : thresholds.byLanguage?.[language.split('-')[0] ?? language];
  return own ?? { possible: thresholds.possible, urgent: thresholds.urgent };
}

/** A Latin word with a consonant skeleton: Arabic written in Arabizi (see `arabiziSkeleton`). */
const ARABIZI_WORD = /^[a-z0-9]+$/;

/**
 * The language whose thresholds decide a message recognised as `language`: Arabic for a message
 * written in Arabizi, which the language recogniser rarely reads as Arabic ("baba w2e3 fel
 * 7ammam": none of the fourth batch's 160 Arabizi rows), when Arabic's `possible` threshold is the
 * lower. The training rows of Arabizi are Arabic rows, so Arabic's thresholds are the ones chosen
 * for them; never higher than the recognised language's, so no message is flagged less readily.
 * Arabic script is recognised as Arabic already (and Urdu or Persian in it keep their own).
 */
export function thresholdLanguage(tokens: readonly Pick<DangerToken, 'folded' | 'variants'>[], thresholds: DangerThresholds, language?: string): string | undefined {
  const arabic = thresholds.byLanguage?.ar;
  if (arabic === undefined || arabic.possible >= thresholdsForLanguage(thresholds, language).possible) return language;
  return tokens.some((t) => t.variants?.some((v) => v.startsWith('~')) === true && ARABIZI_WORD.test(t.folded)) ? 'ar' : language;
}
