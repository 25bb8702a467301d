import { z } from 'zod';
import { charGramHashes } from './char-gram-hashes.js';
import { featureHash } from './feature-hash.js';
import { slotSumsFor, type SlotSums } from './slot-sums.js';
import { withoutToneEmojis } from './tone-emojis.js';
import type { LexiconReading } from './lexicon-reader.js';

/**
 * The feature space a model was trained in (stored with its weights): hashed into `2^bits`
 * slots, word unigrams and bigrams, character n-grams from `charMin` to `charMax`, and the
 * lexicons' concept hits and composition, and optionally character n-grams of Arabic consonant skeletons.
 */
export const featureSpaceSchema = z.strictObject({
  bits: z.number().int().min(10).max(24),
  words: z.boolean(),
  bigrams: z.boolean(),
  charMin: z.number().int().min(1).max(8),
  charMax: z.number().int().min(0).max(8),
  lexicon: z.boolean(),
  /**
   * Character n-grams from `skeletonMin` to `skeletonMax` over the message's Arabic consonant
   * skeletons (see `arabicScriptSkeleton`); unset: none. Parts of a skeleton meet where whole words
   * do not: "ma kaytnfsch" and "مكيتنفسش" share "tnfs".
   */
  skeletonMin: z.number().int().min(1).max(8).optional(),
  skeletonMax: z.number().int().min(0).max(8).optional(),
});
export type FeatureSpace = z.infer<typeof featureSpaceSchema>;

/** A sparse feature vector: slots (distinct) and their values. */
export interface Features {
  slots: Uint32Array;
  values: Float32Array;
}

/** Scripts written without spaces: characters follow each other without a separator. */
const CHARACTER_SCRIPT = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Khmer}\p{Script=Lao}\p{Script=Myanmar}]$/u;
/** Character n-grams are counted up to here: a story's first 1,000 characters say what it is about. */
const MAX_CHARS = 1000;

/** The first `count` hashes of a group's distinct names, each `1 / sqrt(count)` (module-level: no closure per message). */
function addGroup(acc: SlotSums, mask: number, hashes: ArrayLike<number>, count: number): void {
  if (count === 0) return;
  const value = 1 / Math.sqrt(count);
  for (let i = 0; i < count; i++) acc.add((hashes[i] as number) & mask, value);
}

function addNames(acc: SlotSums, mask: number, names: readonly string[]): void {
  const distinct = [...new Set(names)];
  addGroup(acc, mask, distinct.map(featureHash), distinct.length);
}

/** Lexicon feature names come from a short fixed list (concepts, kinds, tiers): each is hashed once. */
const lexiconHashes = new Map<string, number>();
function lexiconHash(name: string): number {
  let hash = lexiconHashes.get(name);
  if (hash === undefined) lexiconHashes.set(name, (hash = featureHash(name)));
  return hash;
}

/** What the features are read from: the message as typed and the lexicon terms found in it. */
export type FeatureSource = Pick<LexiconReading, 'tokens' | 'matches' | 'composed'>;

/**
 * The features of one message, read from its lexicon reading as typed (the tokens are already
 * normalised: lower case, NFKC, Traditional Chinese as Simplified, Arabic variants unified). The
 * reading with typing slips put right is left out: character n-grams already tolerate slips, and
 * so the features depend on the text and the lexicons alone, not on the knowledge base's words.
 *
 * - words and bigrams over accent-folded tokens (Arabic words also without their particles,
 *   Arabizi with its digit letters spelled out, French-style Creole spellings the official way);
 * - character n-grams over the folded text, across word boundaries: robust to typing slips,
 *   inflection, Vietnamese typed without diacritics and scripts without spaces;
 * - the lexicons' evidence: each concept found (alarm, person, bad state, hazard, exposure,
 *   fuel indoors, symptom, plea, doubts...), each concept with its kind, and the composition
 *   (evidence, doubt, tier), so the model learns how far to trust each piece of lexicon evidence.
 *
 * Each group (words, bigrams, characters) is scaled to unit length, so a long message does not
 * outweigh a short one; lexicon features count 1 each.
 */
export function dangerFeatures(reading: FeatureSource, space: FeatureSpace): Features {
  return dangerFeatureSums(reading, space).take();
}

/** The features of `dangerFeatures`, summed per slot and not yet taken (`SlotSums.dot` scores them without building the vector). */
export function dangerFeatureSums(reading: FeatureSource, space: FeatureSpace): SlotSums {
  const mask = 2 ** space.bits - 1;
  const acc = slotSumsFor();
  const tokens = withoutToneEmojis(reading.tokens);
  if (space.words) {
    const words: string[] = [];
    for (const token of tokens) {
      words.push(`w${token.folded}`);
      if (token.bare !== undefined) for (const bare of token.bare) words.push(`w${bare}`);
      if (token.variants !== undefined) for (const variant of token.variants) words.push(`w${variant}`);
    }
    addNames(acc, mask, words);
  }
  if (space.bigrams) {
    const bigrams: string[] = [];
    for (let i = 1; i < tokens.length; i++) {
      const a = tokens[i - 1];
      const b = tokens[i];
      if (a !== undefined && b !== undefined && a.sentence === b.sentence) bigrams.push(`b${a.folded} ${b.folded}`);
    }
    addNames(acc, mask, bigrams);
  }
  if (space.charMax >= space.charMin) {
    const pieces: string[] = [];
    let length = 0;
    let previousJoins = false;
    for (const token of tokens) {
      const joins = CHARACTER_SCRIPT.test(token.folded);
      pieces.push(joins && previousJoins ? token.folded : ` ${token.folded}`);
      previousJoins = joins;
      length += token.folded.length + 1;
      if (length > MAX_CHARS) break;
    }
    const text = `${pieces.join('')} `;
    // Hashed as `c` + each distinct gram, without building the grams (most of a message's features).
    const grams = charGramHashes(text, space.charMin, space.charMax, 'c');
    addGroup(acc, mask, grams.hashes, grams.count);
  }
  const skeletonMin = space.skeletonMin ?? 1;
  const skeletonMax = space.skeletonMax ?? 0;
  if (skeletonMax >= skeletonMin) {
    let text = '';
    // Up to the characters' own limit: a story's first 1,000 characters say what it is about.
    for (const token of tokens) {
      if (token.variants !== undefined) for (const variant of token.variants) if (variant.startsWith('~')) text += ` ${variant.slice(1)}`;
      if (text.length > MAX_CHARS) break;
    }
    if (text.length > 0) {
      const grams = charGramHashes(`${text} `, skeletonMin, skeletonMax, 's');
      addGroup(acc, mask, grams.hashes, grams.count);
    }
  }
  if (space.lexicon) {
    const seen = new Set<string>();
    for (const m of reading.matches) {
      for (const name of [`l${m.term.concept}`, `l${m.term.concept}:${m.term.kind ?? ''}`]) {
        if (seen.has(name)) continue;
        seen.add(name);
        acc.add(lexiconHash(name) & mask, 1);
      }
    }
    const { evidence, doubt, tier } = reading.composed;
    acc.add(lexiconHash(`le${evidence}`) & mask, 1);
    acc.add(lexiconHash(`ld${Math.min(doubt, 4)}`) & mask, 1);
    acc.add(lexiconHash(`le${evidence}d${Math.min(doubt, 4)}`) & mask, 1);
    acc.add(lexiconHash(`lt${tier}`) & mask, 1);
    if (reading.composed.alarm) acc.add(lexiconHash('lalarm') & mask, 1);
  }
  return acc;
}
