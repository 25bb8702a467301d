/**
 * A deliberately light stemmer for English and Spanish (plural and common verb endings), so
 * "plowed/plowing/plows" and "calles/calle" meet. Heavy stemmers merge words our topics must
 * keep apart ("parking" vs "park" is fine; "towed" vs "tow" is fine; "trash" vs "trashed" fine).
 */
const SUFFIXES = ['ing', 'ed', 'es', 's'];
const STOP = new Set([
  'the', 'a', 'an', 'is', 'are', 'was', 'be', 'to', 'of', 'in', 'on', 'for', 'and', 'or', 'i', 'my', 'me', 'it', 'do', 'does', 'did', 'can', 'will', 'what', 'when', 'where', 'how', 'who', 'which', 'there', 'this', 'that', 'at', 'with', 'we', 'you', 'your', 'our', 'any', 'am', 'has', 'have', 'get', 'if', 'from', 'about', 'so', 'just', 'now', 'today', 'tomorrow', 'still', 'yet',
  'el', 'la', 'los', 'las', 'de', 'del', 'un', 'una', 'y', 'o', 'en', 'mi', 'mis', 'que', 'es', 'se', 'por', 'para', 'con', 'al', 'lo', 'le', 'su', 'hay', 'hoy', 'manana', 'donde', 'cuando', 'como', 'debo', 'puedo',
]);

export function stem(word: string): string {
  if (word.length <= 3 || /\d/.test(word)) return word;
  for (const suffix of SUFFIXES) {
    if (word.endsWith(suffix) && word.length - suffix.length >= 3) {
      const base = word.slice(0, -suffix.length);
      // plowing → plow, towed → tow, parked → park; "ss" endings keep theirs (address).
      return suffix === 's' && base.endsWith('s') ? word : base;
    }
  }
  return word;
}

export function isStopword(word: string): boolean {
  return STOP.has(word);
}
