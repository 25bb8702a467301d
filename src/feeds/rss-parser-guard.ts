import { createRequire } from 'node:module';

/**
 * rss-parser strips HTML from every description with `<(?:.|\n)*?>`, which takes time quadratic
 * in the number of unclosed `<`: a 280 KB description of escaped `&lt;` blocks the whole process
 * for 14 s (found by the feed fuzz test). Its helpers live on one shared module object that the
 * parser calls at run time, so this swaps in a linear version with the same output for
 * well-formed markup. Applied once, before any feed is parsed.
 */
const BLOCK_TAG = /([^\n])<\/?(?:h|br|p|ul|ol|li|blockquote|section|table|tr|div)\b[^<>]*>([^\n])/g;
const ANY_TAG = /<[^<>]*>/g;

export function linearStripHtml(str: string): string {
  return str.replace(BLOCK_TAG, '$1\n$2').replace(ANY_TAG, '');
}

let applied = false;

export function guardRssParser(): void {
  if (applied) return;
  const utils = createRequire(import.meta.url)('rss-parser/lib/utils.js') as { stripHtml: (str: string) => string };
  utils.stripHtml = linearStripHtml;
  applied = true;
}
