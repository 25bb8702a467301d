import type { LanguageHint } from './compose-danger.js';

const LATIN = /\p{Script=Latin}/u;

/**
 * The language to warn someone in danger in: the detected language (`detectLocale`, among the
 * configured locales), unless the danger lexicons say otherwise. A message in another script
 * (Cyrillic, Arabic, Hangul...) takes the language whose lexicon read it; a Latin-script one takes
 * it when that lexicon read two words or more and the detected language's read none ("ma mère ne
 * respire plus" is French, though French may not be a configured locale). One function, so the
 * language recogniser can replace the guess without touching the rest.
 */
export function pickReplyLocale(text: string, detected: string, hints: readonly LanguageHint[]): string {
  const top = hints[0];
  if (top === undefined || top.language === detected || hints.some((h) => h.language === detected)) return detected;
  if (!LATIN.test(text.slice(0, 500))) return top.language;
  return top.words >= 2 ? top.language : detected;
}
