import { hasCjk, tokenize } from './normalize.js';
import { isStopword, stem } from './stem.js';

export const TRIGRAM_WEIGHT = 0.35;
export const BIGRAM_WEIGHT = 0.8;

/** Receives the features of a text in a fixed order (the order sums are taken in). */
export interface FeatureVisitor {
  /** A word as written (normalised, before stopwords and stemming); not for CJK. */
  token?(token: string): void;
  /** A stemmed content word. */
  word(stem: string): void;
  /** A character trigram of a longer stemmed word, `^` and `$` marking its ends. */
  trigram(trigram: string): void;
  /** A CJK character or character bigram. */
  cjk(token: string): void;
  /** Two consecutive content words (visited after every word of the text). */
  bigram(first: string, second: string): void;
}

/** token → its stem, or null for a stopword; social-media vocabulary repeats, so this stays small. */
const stems = new Map<string, string | null>();
const STEM_CACHE_LIMIT = 50_000;

function stemOrStop(token: string): string | null {
  let cached = stems.get(token);
  if (cached === undefined) {
    if (stems.size >= STEM_CACHE_LIMIT) stems.clear();
    cached = isStopword(token) ? null : stem(token);
    stems.set(token, cached);
  }
  return cached;
}

/**
 * Walks the features of normalised text: stemmed content words, word bigrams (order and phrases
 * matter: "trash pickup" beats "pickup"), character trigrams of longer words (typos: "plwed",
 * "garbadge"), and CJK character unigrams and bigrams. The matcher's hot path uses this directly,
 * so a question costs no feature strings or maps.
 */
export function visitFeatures(normalized: string, visit: FeatureVisitor): void {
  const words: string[] = [];
  const { tokens, cjk } = featureTokens(normalized);
  for (const token of tokens) {
    if (cjk && hasCjk(token)) {
      visit.cjk(token);
      continue;
    }
    visit.token?.(token);
    const s = stemOrStop(token);
    if (s === null) continue;
    words.push(s);
    visit.word(s);
    if (s.length >= 4) {
      const padded = `^${s}$`;
      for (let i = 0; i + 3 <= padded.length; i++) visit.trigram(padded.slice(i, i + 3));
    }
  }
  for (let i = 0; i + 1 < words.length; i++) visit.bigram(words[i] as string, words[i + 1] as string);
}

/** The tokens features are made of, and whether any may be CJK (then each token needs checking). */
export function featureTokens(normalized: string): { tokens: string[]; cjk: boolean } {
  const cjk = hasCjk(normalized);
  // Normalised text is trimmed with single spaces: without CJK, its words are the tokens.
  return { tokens: cjk ? tokenize(normalized) : normalized.length === 0 ? [] : normalized.split(' '), cjk };
}
