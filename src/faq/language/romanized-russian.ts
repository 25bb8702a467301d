import { frequencyWords } from './frequency-words.js';
import { russianLatinSpellings } from './russian-latin-spellings.js';

/** Words of the Russian list whose Latin spellings make the trigram profile. */
const PROFILE_WORDS = 3000;
const PROFILE_SIZE = 300;

/**
 * The 300 commonest character trigrams of Russian typed in Latin letters, most frequent first,
 * in franc's form (words padded with a space): counted over the Latin spellings of the Russian
 * frequency list, each word weighted by its Zipf frequency and each spelling by how common it is.
 * franc has no model of translit, and a word no list knows is read by its trigrams.
 */
export function romanizedRussianTrigrams(): string[] {
  const counts = new Map<string, number>();
  frequencyWords('russian', PROFILE_WORDS).forEach((word, rank) => {
    const spellings = russianLatinSpellings(word);
    spellings.forEach((spelling, i) => {
      const weight = 1 / (rank + 2.5) / (i + 1);
      const padded = ` ${spelling} `;
      for (let j = 0; j + 3 <= padded.length; j++) {
        const trigram = padded.slice(j, j + 3);
        counts.set(trigram, (counts.get(trigram) ?? 0) + weight);
      }
    });
  });
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, PROFILE_SIZE)
    .map(([trigram]) => trigram);
}
