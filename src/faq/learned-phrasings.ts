import { normalizeText } from './normalize.js';
import { contentTokens, tokenOverlap } from './phrase-similarity.js';

/** A phrasing staff added to a topic while the service runs. */
export interface LearnedPhrasing {
  topic: string;
  text: string;
  /** The language it was written in (its cues are read when the classifier is retrained with it). */
  locale?: string;
}

/**
 * How close a post must be to a learnt phrasing to take its topic: the same words give 1, one
 * extra or missing content word in a five-word question still passes, a different question does not.
 */
export const LEARNED_MIN_OVERLAP = 0.8;

interface Entry {
  topic: string;
  tokens: Set<string>;
}

/**
 * The phrasings staff taught the bot, matched before the classifier: the same wording (after
 * normalisation) or a near-duplicate of it takes the learnt topic at once, on every instance,
 * while the classifier is retrained with them in the background (faq-service.ts). Short phrasings (fewer than three content words) only match exactly, so a
 * two-word example cannot capture unrelated posts.
 */
export class LearnedPhrasings {
  private exact = new Map<string, string>();
  private entries: Entry[] = [];

  replace(phrasings: readonly LearnedPhrasing[]): void {
    const exact = new Map<string, string>();
    const entries: Entry[] = [];
    for (const { topic, text } of phrasings) {
      const key = normalizeText(text);
      if (key === '') continue;
      exact.set(key, topic);
      const tokens = contentTokens(text);
      if (tokens.size >= 3) entries.push({ topic, tokens });
    }
    this.exact = exact;
    this.entries = entries;
  }

  get size(): number {
    return this.exact.size;
  }

  /** The learnt topic for a post and how close it came (1 for the same words), or undefined. */
  match(text: string): { topic: string; similarity: number } | undefined {
    if (this.exact.size === 0) return undefined;
    const same = this.exact.get(normalizeText(text));
    if (same !== undefined) return { topic: same, similarity: 1 };
    if (this.entries.length === 0) return undefined;
    const tokens = contentTokens(text);
    if (tokens.size < 3) return undefined;
    let best: { topic: string; similarity: number } | undefined;
    for (const entry of this.entries) {
      const similarity = tokenOverlap(tokens, entry.tokens);
      if (similarity >= LEARNED_MIN_OVERLAP && (best === undefined || similarity > best.similarity)) best = { topic: entry.topic, similarity };
    }
    return best;
  }
}
