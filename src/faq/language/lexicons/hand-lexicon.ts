/**
 * Words written by hand for one language, in three tiers of how often residents use them:
 * `core` (function words, pronouns, question words: the words every short post has), `common`
 * (everyday words and short-text spellings) and `topic` (storm and city words). Space-separated;
 * accents optional, as words are folded before lookup in Latin script.
 */
export interface HandLexicon {
  core: string;
  common: string;
  topic: string;
}

/** The frequency rank each tier stands for, to be comparable with the ranked word lists. */
export const TIER_RANK = { core: 15, common: 250, topic: 1500 } as const;

/** A hand lexicon's words, lower-cased, each with its tier's rank (`TIER_RANK`). */
export function handWords(hand: HandLexicon): [word: string, rank: number][] {
  const words: [string, number][] = [];
  for (const tier of ['core', 'common', 'topic'] as const) for (const word of hand[tier].split(/\s+/)) if (word !== '') words.push([word.toLowerCase(), TIER_RANK[tier]]);
  return words;
}
