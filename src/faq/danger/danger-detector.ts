import { DANGER_TIER_RANK, type DangerTier, type LanguageHint } from './compose-danger.js';
import { dangerFeatureSums, dangerFeatures, type Features } from './danger-features.js';
import { EVIDENCE_CONCEPTS, type DangerKind } from './danger-lexicon.js';
import type { DangerModel } from './danger-model.js';
import { decideDangerTier, decideModelTier, thresholdLanguage, type DangerBasis } from './decide-danger-tier.js';
import { messageWindows } from './message-windows.js';
import { withoutQuotations } from './quotations.js';
import { withoutTrailingTags } from './trailing-tags.js';
import type { LexiconReader, LexiconReading } from './lexicon-reader.js';
import type { SelfHarmModel } from './self-harm-model.js';

/** A danger kind staff see on the inbox item; `other` when only the model saw danger, in words no lexicon lists. */
export type FindingKind = DangerKind | 'other';

/** What the detector found in one message. */
export interface DangerFinding {
  tier: DangerTier;
  kinds: FindingKind[];
  /** Which evidence decided: the model with the lexicons, the model alone, or undoubted alarm words. */
  basis: DangerBasis;
  /** The model's probability that the message describes danger. */
  probability: number;
  /** Languages whose lexicon saw the danger, most words first (a hint for the reply's language). */
  languages: LanguageHint[];
  /** True when it took putting a typing slip right ("fiee" → "fire") for the lexicons to see the danger. */
  afterTypoFix: boolean;
}

/**
 * How much surer the model must be of a window of a long message (one sentence, or two
 * neighbouring ones; see `messageWindows`) than of a whole message: log-odds added to its
 * thresholds. A sentence read alone has lost what its neighbours said ("The gas smell was real.
 * ... National Grid fixed it, everybody's fine."), and a long message offers many windows to be
 * wrong in. Where a long dangerous post was missed, its telling sentence was read 3 to 8 log-odds
 * above the threshold; the long harmless look-alikes' sentences up to 2.6 (pairs 3.9).
 */
const WINDOW_MARGIN = 2.5;

const EVIDENCE: ReadonlySet<string> = new Set(EVIDENCE_CONCEPTS);

/** Kinds a self-harm post is read as by the lexicons (pills taken, cut, won't wake, a plea, a goodbye and nobody can reach them): the self-harm head may add its own to these. */
const SELF_HARM_LOOKALIKE_KINDS: ReadonlySet<FindingKind> = new Set<FindingKind>(['other', 'injury', 'medical', 'unconscious', 'missing', 'help']);

/**
 * Danger understood from what a message describes, in any language: a trained model (logistic
 * regression over words, character n-grams and the lexicons' concept hits, `faq/danger/model.*`)
 * combined with the lexicons (`faq/danger/<lang>.yaml`), which every message is read with first.
 * The model generalises to wordings no lexicon lists; the lexicons say what kind of danger it is,
 * keep undoubted alarm words from ever being dismissed, and gate the full 911 reply.
 */
export class DangerDetector {
  constructor(
    private readonly reader: LexiconReader,
    private readonly model: DangerModel,
    private readonly selfHarm?: SelfHarmModel,
  ) {}

  /**
   * The tier and kinds of danger in `text`. `language` is the message's recognised language
   * (`recognizeLanguage`): the thresholds chosen for that language decide; without it, or for a
   * language the model has no thresholds of its own for, the global ones (Arabic's for Arabizi
   * when they are lower: see `thresholdLanguage`).
   */
  detect(text: string, language?: string): DangerFinding {
    let found = this.detectIn(text, language);
    // Hashtags after the message are labels, not what happened ("... not answering #snowstorm
    // #PhillyWinter"), and a quoted notice is not what the resident says: the message is read
    // without them too, and the more alarming reading counts.
    for (const other of new Set([withoutTrailingTags(text), withoutQuotations(text)])) {
      if (other === text || found.tier === 'urgent') continue;
      const finding = this.detectIn(other, language);
      if (DANGER_TIER_RANK[finding.tier] > DANGER_TIER_RANK[found.tier]) found = finding;
    }
    // A long message is as dangerous as its most dangerous part (see `messageWindows`).
    for (const window of messageWindows(text)) {
      if (found.tier === 'urgent') break;
      const finding = this.detectIn(window.text, language, WINDOW_MARGIN);
      if (DANGER_TIER_RANK[finding.tier] > DANGER_TIER_RANK[found.tier]) found = finding;
    }
    return found;
  }

  /**
   * `detect` on one text: a whole message, or a window of a long one (`margin` then raises the
   * model's bar, and only the model's own tiers count: see `decideModelTier`).
   */
  private detectIn(text: string, language?: string, margin?: number): DangerFinding {
    const { reading, logit } = this.logit(text);
    const decidedIn = thresholdLanguage(reading.tokens, this.model.thresholds, language);
    const { tier, basis } =
      margin === undefined ? decideDangerTier(logit, reading, this.model.thresholds, decidedIn) : decideModelTier(logit - margin, reading, this.model.thresholds, decidedIn);
    const probability = 1 / (1 + Math.exp(-logit));
    if (tier === 'none') return { tier, kinds: [], basis, probability, languages: [], afterTypoFix: false };
    return { tier, kinds: this.withSelfHarm(kindsOf(reading), reading), basis, probability, languages: reading.tier === 'none' ? [] : reading.languages, afterTypoFix: reading.afterTypoFix && reading.tier !== 'none' };
  }

  /**
   * The kinds, with self-harm when the self-harm head reads it in words no lexicon lists ("I won't
   * be here tomorrow, feed my cat"). Not over a hazard the lexicons named (fire, gas, not
   * breathing, water...): its own 911 text says what to do first, and on the dev sets the head
   * mistook a few of those for self-harm.
   */
  private withSelfHarm(kinds: FindingKind[], reading: LexiconReading): FindingKind[] {
    if (this.selfHarm === undefined || kinds.includes('self_harm') || !kinds.every((k) => SELF_HARM_LOOKALIKE_KINDS.has(k))) return kinds;
    if (!this.selfHarm.says(dangerFeatureSums(reading, this.selfHarm.space))) return kinds;
    return [...kinds.filter((k) => k !== 'other'), 'self_harm'];
  }

  /** The reading of a message and the model's log-odds: `score`'s, without building the feature vectors. */
  private logit(text: string): { reading: LexiconReading; logit: number } {
    const reading = this.reader.read(text);
    const logit = this.model.logitOfSums(dangerFeatureSums(reading, this.model.space));
    if (reading.corrected === undefined) return { reading, logit };
    return { reading, logit: Math.max(logit, this.model.logitOfSums(dangerFeatureSums(reading.corrected, this.model.space))) };
  }

  /** The features of a message and the model's log-odds (for evaluation and explanations). */
  score(text: string): { reading: LexiconReading; features: Features; logit: number } {
    const reading = this.reader.read(text);
    const features = dangerFeatures(reading, this.model.space);
    const logit = this.model.logit(features);
    // The model learnt from messages as typed; a typing slip the lexicons put right ("my house is
    // on fiee") is scored as corrected too, and the more alarming reading counts.
    if (reading.corrected === undefined) return { reading, features, logit };
    const corrected = dangerFeatures(reading.corrected, this.model.space);
    const correctedLogit = this.model.logit(corrected);
    return correctedLogit > logit ? { reading, features: corrected, logit: correctedLogit } : { reading, features, logit };
  }
}

/** The lexicons' kinds when they saw danger; else the kinds of any danger words found; else `other`. */
function kindsOf(reading: LexiconReading): FindingKind[] {
  if (reading.tier !== 'none' && reading.kinds.length > 0) return reading.kinds;
  const kinds = new Set<FindingKind>();
  for (const m of reading.matches) if (EVIDENCE.has(m.term.concept) && m.term.kind !== null) kinds.add(m.term.kind);
  return kinds.size > 0 ? [...kinds] : ['other'];
}
