/**
 * Flesch-Kincaid grade level: 0.39 × words/sentence + 11.8 × syllables/word − 15.59.
 * Posts read at 3 a.m. on a phone, often by people reading in a second language, should stay
 * low; the composer warns above config.staff.readabilityMaxGrade.
 */
export interface Readability {
  grade: number;
  words: number;
  sentences: number;
  syllables: number;
}

/** Vowel-group count with the usual English corrections; good enough for a warning. */
export function countSyllables(word: string): number {
  const w = word.toLowerCase().replace(/[^a-z]/g, '');
  if (w.length === 0) return 0;
  if (w.length <= 3) return 1;
  const trimmed = w.replace(/(?:[^laeiouy]es|[^laeiouy]ed|[^laeiouy]e)$/, '').replace(/^y/, '');
  const groups = trimmed.match(/[aeiouy]{1,2}/g);
  return Math.max(1, groups?.length ?? 1);
}

export function readability(text: string): Readability {
  // Links, handles and hashtags are not prose; they would skew the count either way.
  const prose = text.replace(/https?:\/\/\S+/g, ' ').replace(/[@#]\w+/g, ' ');
  const words = prose.match(/[A-Za-z][A-Za-z'’-]*/g) ?? [];
  if (words.length === 0) return { grade: 0, words: 0, sentences: 0, syllables: 0 };
  const sentences = Math.max(1, (prose.match(/[.!?]+(?=\s|$)/g) ?? []).length || (prose.trim().length > 0 ? 1 : 0));
  const syllables = words.reduce((sum, word) => sum + countSyllables(word), 0);
  const grade = 0.39 * (words.length / sentences) + 11.8 * (syllables / words.length) - 15.59;
  return { grade: Math.round(Math.max(0, grade) * 10) / 10, words: words.length, sentences, syllables };
}
