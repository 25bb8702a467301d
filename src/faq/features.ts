import { hasCjk, normalizeText, tokenize } from './normalize.js';
import { isStopword, stem } from './stem.js';

/** Sparse feature vector: feature → weight. */
export type Vector = Map<string, number>;

const TRIGRAM_WEIGHT = 0.35;
const BIGRAM_WEIGHT = 0.8;

/**
 * Features of a text: stemmed content words, word bigrams (order and phrases matter: "towed car"
 * vs "car towed" both map, "trash pickup" beats "pickup"), character trigrams of longer words
 * (typos: "plwed", "garbadge"), and CJK character unigrams and bigrams.
 */
export function featuresOf(text: string): Map<string, number> {
  return featuresOfNormalized(normalizeText(text));
}

/** As `featuresOf`, for text already passed through `normalizeText`. */
export function featuresOfNormalized(normalized: string): Map<string, number> {
  const counts = new Map<string, number>();
  const add = (f: string, w: number) => counts.set(f, (counts.get(f) ?? 0) + w);
  const words: string[] = [];
  for (const token of tokenize(normalized)) {
    if (hasCjk(token)) {
      add(`c:${token}`, 1);
      continue;
    }
    if (isStopword(token)) continue;
    const s = stem(token);
    words.push(s);
    add(`w:${s}`, 1);
    if (s.length >= 4) {
      const padded = `^${s}$`;
      for (let i = 0; i + 3 <= padded.length; i++) add(`t:${padded.slice(i, i + 3)}`, TRIGRAM_WEIGHT);
    }
  }
  for (let i = 0; i + 1 < words.length; i++) add(`b:${words[i]}_${words[i + 1]}`, BIGRAM_WEIGHT);
  return counts;
}

export function normalizeVector(vector: Vector): Vector {
  let norm = 0;
  for (const w of vector.values()) norm += w * w;
  norm = Math.sqrt(norm);
  if (norm === 0) return vector;
  for (const [k, w] of vector) vector.set(k, w / norm);
  return vector;
}
