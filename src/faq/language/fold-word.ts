const MARKS = /\p{M}+/gu;
/** Letters that Unicode decomposition leaves whole. */
const PLAIN: Record<string, string> = { đ: 'd', ł: 'l', ß: 'ss', ø: 'o', æ: 'ae', œ: 'oe', ı: 'i' };
const SPECIAL = /[đłßøæœı]/gu;
/** Any character beyond printable ASCII: only such a word can need folding. */
const LATIN_MARKED = /[^ -~]/u;

/**
 * A Latin or Cyrillic word as residents may type it without accents ("emergência" → "emergencia",
 * "đường" → "duong"), so a word list matches both spellings. Only for those scripts: Devanagari,
 * Bengali or Arabic vowel signs are letters, not accents.
 */
export function foldWord(word: string): string {
  if (!LATIN_MARKED.test(word)) return word;
  return word.normalize('NFD').replace(MARKS, '').replace(SPECIAL, (c) => PLAIN[c] ?? c).normalize('NFC');
}
