import { normalizeText, tokenize } from './normalize.js';
import { isStopword, stem } from './stem.js';

/**
 * The content words of a post, stemmed, without stopwords: what two phrasings of the same
 * question share. Used to find near-duplicates of a learnt phrasing and to group hand-offs.
 */
export function contentTokens(text: string): Set<string> {
  const out = new Set<string>();
  for (const token of tokenize(normalizeText(text))) {
    if (token.length < 2 || isStopword(token)) continue;
    out.add(stem(token));
  }
  return out;
}

/** Jaccard overlap of two token sets (0 when either is empty). */
export function tokenOverlap(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let shared = 0;
  for (const token of small) if (large.has(token)) shared++;
  return shared / (a.size + b.size - shared);
}
