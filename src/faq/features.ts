import { hasCjk } from './normalize.js';
import type { CueFamily, LanguageCues } from './post-cues.js';
import type { PostSegment } from './post-segments.js';
import { isStopword, stem } from './stem.js';
import type { TypoFixer } from './typo-fixer.js';
import type { VectorPool } from './vector-pool.js';
import { PackedWordIds } from './packed-word-ids.js';
import { WordPairIds } from './word-pair-ids.js';

/** Weight of a character trigram of a word next to the word itself: enough to carry a typo, not to outvote words. */
export const TRIGRAM_WEIGHT = 0.3;
/** Weight of a word that follows a negation ("not picked up", "no power"), as its own feature. */
export const NEGATED_WEIGHT = 0.5;
/** Words after a negation that read as negated. */
const NEGATION_SCOPE = 3;
/** What is left of a contraction once the apostrophe separates words ("wasn't" → "wasn t"). */
const CONTRACTION_TAILS = new Set(['t', 's', 'd', 'm', 'll', 're', 've']);
/** Languages (cue sets) whose word plans are remembered at once. */
const PLAN_LANGUAGES_LIMIT = 64;
/** Distinct words remembered; storm traffic repeats its vocabulary. */
const WORD_PLAN_LIMIT = 50_000;

/** A text's features: ids and values. */
export interface SparseVector {
  ids: Int32Array;
  values: Float64Array;
}

/** What one written word contributes, worked out once per distinct word. */
export interface WordPlan {
  stem: string;
  /** The word's own features: the stemmed word (unless a stopword), its character trigrams, its cue family. */
  ids: Int32Array;
  weights: Float64Array;
  /** Sum of the squared weights of `ids` (the word's share of the post's length). */
  squares: number;
  /** Not a stopword: a word a negation applies to. */
  content: boolean;
  /** A complaint cue ("still", "again", "nobody") or a negation: the post may say something did not happen. */
  complaint: boolean;
  /** The feature of the word read after a negation, or -1. */
  negated: number;
  negation: boolean;
  /** Two-word cues that start with this written word: their family by the next written word (the language's `cues.pairs`). */
  pairSeconds: ReadonlyMap<string, CueFamily> | undefined;
  /** The number of the stem in the knowledge base's word pairs (`WordPairIds`), or -1 (once frozen). */
  pairStem: number;
  /** The word's own features times the model's weights, one score per class: filled by the matcher. */
  scores: Float64Array | undefined;
}

/** Receives the features of a post as `FeatureSpace.walk` finds them. */
export interface FeatureSink {
  /** A word with weight `weight` (its sentence's): its own features, `plan.ids` times `plan.weights`. */
  word(plan: WordPlan, weight: number): void;
  /** One more feature (a word pair, a negated word, a CJK character or pair, a cue pair) with `weight`. */
  feature(id: number, weight: number): void;
  /** A complaint cue or a negation outside a word's own plan (a Chinese character, a pair of words). */
  markComplaint?(): void;
}

/**
 * Numbers the features of posts and walks a post's features: stemmed content words, pairs of
 * consecutive words (stopwords included: "come back", "picked up", "where can"), words after a
 * negation, character trigrams of longer words (typos), CJK characters and character pairs, and
 * cue families (complaint, story, rant, thanks). Features are numbered while the knowledge base
 * is read; after `freeze()` unknown features are skipped and a post's walk allocates nothing.
 *
 * A post's vector is the sum of its feature occurrences, each weighted by its sentence, divided by
 * the root of the summed squared occurrence weights: linear in the words, so the matcher can add a
 * word's precomputed class scores instead of multiplying each of its features.
 */
export class FeatureSpace {
  /** Feature names and their numbers while the knowledge base is read; packed once frozen (`frozenIds`). */
  private readonly ids = new Map<string, number>();
  private frozenIds: PackedWordIds | undefined;
  private readonly bigrams = new Map<string, Map<string, number>>();
  /** Once frozen: the bigrams by the numbers of their stems, so a post's pairs are looked up by small integers rather than by strings. */
  private pairs: WordPairIds | undefined;
  /** Word plans per language's cues (a word's cue family and negation depend on the language). */
  private readonly plansByCues = new Map<LanguageCues, Map<string, WordPlan>>();
  private readonly familyIds = new Map<CueFamily, number>();
  private lastCues: LanguageCues | undefined;
  private lastPlans: Map<string, WordPlan> | undefined;
  /** CJK characters and pairs by themselves (no key string per lookup). */
  private readonly cjkIds = new Map<string, number>();
  /** Features numbered so far; word pairs are numbered in `bigrams` only (no key string each). */
  private count = 0;
  private frozen = false;
  private typos: TypoFixer | undefined;

  get size(): number {
    return this.count;
  }

  /** Stops numbering: from now on only known features count. `typos` reads slips of known words as those words. */
  freeze(typos?: TypoFixer): void {
    this.frozen = true;
    this.typos = typos;
    this.pairs = new WordPairIds(this.bigrams);
    this.frozenIds = new PackedWordIds(this.ids);
    // Once frozen, word pairs are found by number only, and names in the packed list.
    this.bigrams.clear();
    this.ids.clear();
    this.plansByCues.clear();
    this.lastPlans = undefined;
  }

  private id(key: string): number {
    if (this.frozenIds !== undefined) return this.frozenIds.get(key);
    const known = this.ids.get(key);
    if (known !== undefined) return known;
    this.ids.set(key, this.count);
    return this.count++;
  }

  private bigram(first: WordPlan, secondPlan: WordPlan): number {
    if (this.frozen) return this.pairs === undefined || first.pairStem < 0 || secondPlan.pairStem < 0 ? -1 : this.pairs.get(first.pairStem, secondPlan.pairStem);
    const second = secondPlan.stem;
    let seconds = this.bigrams.get(first.stem);
    if (seconds === undefined) this.bigrams.set(first.stem, (seconds = new Map()));
    let id = seconds.get(second);
    if (id === undefined) {
      id = this.count++;
      seconds.set(second, id);
    }
    return id;
  }

  /** The feature of a cue family (-1 once frozen when no example had it). */
  private familyId(family: CueFamily): number {
    let id = this.familyIds.get(family);
    if (id === undefined) {
      id = this.id(`q:${family}`);
      if (id >= 0) this.familyIds.set(family, id);
    }
    return id;
  }

  private plansOf(cues: LanguageCues): Map<string, WordPlan> {
    // Posts come in runs of one language: the last language's plans, without a lookup.
    if (cues === this.lastCues && this.lastPlans !== undefined) return this.lastPlans;
    let plans = this.plansByCues.get(cues);
    if (plans === undefined) {
      // A process that reloads its knowledge base brings new cue objects: forget the old ones.
      if (this.plansByCues.size >= PLAN_LANGUAGES_LIMIT) this.plansByCues.clear();
      this.plansByCues.set(cues, (plans = new Map()));
    }
    this.lastCues = cues;
    this.lastPlans = plans;
    return plans;
  }

  private planFor(token: string, cues: LanguageCues, plans: Map<string, WordPlan>): WordPlan {
    const cached = plans.get(token);
    if (cached !== undefined) return cached;
    if (plans.size >= WORD_PLAN_LIMIT) plans.clear();
    if (this.frozen && this.typos !== undefined && !isStopword(token) && this.id(`w:${stem(token)}`) < 0) {
      // A word the knowledge base never uses: if it is a slip of one it does use, read it as that.
      const fixed = this.typos.fix(token);
      if (fixed !== undefined) {
        const fixedPlan = this.planFor(fixed, cues, plans);
        // A two-word cue is read from the written words: the slip keeps its own (the scores stay shared).
        const pairSeconds = cues.pairs.get(token);
        const plan = pairSeconds === fixedPlan.pairSeconds ? fixedPlan : { ...fixedPlan, pairSeconds };
        plans.set(token, plan);
        return plan;
      }
    }
    const s = stem(token);
    const stop = isStopword(token);
    const ids: number[] = [];
    const weights: number[] = [];
    const own = (id: number, weight: number) => {
      if (id < 0) return;
      ids.push(id);
      weights.push(weight);
    };
    if (!stop) own(this.id(`w:${s}`), 1);
    if (!stop && s.length >= 5) {
      const padded = `^${s}$`;
      for (let i = 0; i + 3 <= padded.length; i++) own(this.id(`c:${padded.slice(i, i + 3)}`), TRIGRAM_WEIGHT);
    }
    const family = cues.words.get(token);
    if (family !== undefined) own(this.familyId(family), 1);
    const negation = cues.negations.has(token);
    const plan: WordPlan = {
      stem: s,
      ids: Int32Array.from(ids),
      weights: Float64Array.from(weights),
      squares: weights.reduce((sum, w) => sum + w * w, 0),
      content: !stop,
      complaint: family === 'complaint' || negation,
      negated: stop ? -1 : this.id(`n:${s}`),
      negation,
      pairSeconds: cues.pairs.get(token),
      pairStem: this.pairs?.stemId(s) ?? -1,
      scores: undefined,
    };
    plans.set(token, plan);
    return plan;
  }

  /**
   * Walks the post's features into `sink`: question sentences at full weight, the others at
   * `otherWeight` (all at full weight when no sentence asks anything). Cue words and negations
   * are the post's language's (`cues`).
   */
  walk(segments: readonly PostSegment[], otherWeight: number, sink: FeatureSink, cues: LanguageCues): void {
    let asks = false;
    for (const segment of segments) asks ||= segment.question;
    const plans = this.plansOf(cues);
    for (const segment of segments) this.walkSegment(segment, !asks || segment.question ? 1 : otherWeight, sink, cues, plans);
  }

  private walkSegment({ tokens, cjk }: PostSegment, weight: number, sink: FeatureSink, cues: LanguageCues, plans: Map<string, WordPlan>): void {
    let previous: WordPlan | undefined;
    let negatedLeft = 0;
    for (const token of tokens) {
      if (cjk && hasCjk(token)) {
        let id = this.cjkIds.get(token);
        if (id === undefined && !this.frozen) this.cjkIds.set(token, (id = this.id(`z:${token}`)));
        if (id !== undefined) sink.feature(id, weight);
        // A Chinese cue is a character or a pair; a negation there marks a possible complaint.
        const family = cues.words.get(token);
        const cue = family === undefined ? -1 : this.familyId(family);
        if (cue >= 0) sink.feature(cue, weight);
        if (family === 'complaint' || cues.negations.has(token)) sink.markComplaint?.();
        previous = undefined;
        continue;
      }
      if (token.length <= 2 && CONTRACTION_TAILS.has(token)) continue;
      const plan = this.planFor(token, cues, plans);
      sink.word(plan, weight);
      // A cue of two words ("cam on", "may ngay"): its family once.
      const pairFamily = previous?.pairSeconds?.get(token);
      if (pairFamily !== undefined) {
        const cue = this.familyId(pairFamily);
        if (cue >= 0) sink.feature(cue, weight);
        if (pairFamily === 'complaint') sink.markComplaint?.();
      }
      if (negatedLeft > 0 && plan.content) {
        if (plan.negated >= 0) sink.feature(plan.negated, NEGATED_WEIGHT * weight);
        negatedLeft--;
      }
      if (plan.negation) negatedLeft = NEGATION_SCOPE;
      if (previous !== undefined) {
        const id = this.bigram(previous, plan);
        if (id >= 0) sink.feature(id, weight);
      }
      previous = plan;
    }
  }

  /**
   * The post's vector (training): feature occurrences summed, over the root of their summed
   * squares; in `pool`'s chunks when given, else in arrays of its own.
   */
  vectorize(segments: readonly PostSegment[], otherWeight: number, cues: LanguageCues, pool?: VectorPool): SparseVector {
    const sums = new Map<number, number>();
    let squares = 0;
    const add = (id: number, weight: number) => sums.set(id, (sums.get(id) ?? 0) + weight);
    this.walk(segments, otherWeight, {
      word: (plan, weight) => {
        for (let i = 0; i < plan.ids.length; i++) add(plan.ids[i] as number, weight * (plan.weights[i] as number));
        squares += weight * weight * plan.squares;
      },
      feature: (id, weight) => {
        add(id, weight);
        squares += weight * weight;
      },
    }, cues);
    const norm = squares === 0 ? 1 : Math.sqrt(squares);
    const vector = pool?.take(sums.size) ?? { ids: new Int32Array(sums.size), values: new Float64Array(sums.size) };
    let i = 0;
    for (const [id, sum] of sums) {
      vector.ids[i] = id;
      vector.values[i++] = sum / norm;
    }
    return vector;
  }
}
