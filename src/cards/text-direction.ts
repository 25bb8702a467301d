/** Scripts written right to left (Arabic, Hebrew, Syriac, Thaana, N'Ko, and their relatives). */
const RTL = /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}\p{Script=Samaritan}\p{Script=Mandaic}\p{Script=Adlam}]/u;
const STRONG = /[\p{L}]/u;

/**
 * The direction of a paragraph by the Unicode bidi rule P2: its first strong (letter) character.
 * "311 حالة طوارئ" is right to left; digits and punctuation do not decide.
 */
export function paragraphDirection(text: string): 'ltr' | 'rtl' {
  for (const ch of text) {
    if (RTL.test(ch)) return 'rtl';
    if (STRONG.test(ch)) return 'ltr';
  }
  return 'ltr';
}
