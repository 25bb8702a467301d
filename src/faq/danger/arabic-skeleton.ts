/**
 * The consonant skeleton of an Arabic word, the same whether it is written in Arabic script
 * ("ريحة", "الغاز", "السقف") or in Arabizi, the Latin letters and digits people type Arabic with
 * on a phone ("ri7et", "ghaz", "sa2f"): vowels and the letters that also write vowels (ا و ي) are
 * left out, letters that Arabizi writes alike are one (ت ط ث → t, س ص → s, د ذ ض → d, ز ظ → z,
 * ق and the "2"/"9" that write it → q), doubled letters count once, and a word's final "h" (taa
 * marbuta, a pronoun) and the construct "-et"/"-it" go. So the model's word features for an
 * Arabizi message meet the same words in the far larger Arabic-script training set: "ri7et ghaz"
 * and "ريحة غاز" are both "rh gz". Written for the model's features only: the lexicons match as
 * written.
 */

/** Arabic letters (after `normalizeDangerText`: hamza seats, taa marbuta and alif maqsura unified) as skeleton letters. */
const ARABIC_LETTERS: Record<string, string> = {
  ب: 'b',
  ت: 't',
  ث: 't',
  ج: 'j',
  ح: 'h',
  خ: 'K',
  د: 'd',
  ذ: 'd',
  ر: 'r',
  ز: 'z',
  س: 's',
  ش: 'c',
  ص: 's',
  ض: 'd',
  ط: 't',
  ظ: 'z',
  ع: '3',
  غ: 'g',
  ف: 'f',
  ق: 'q',
  ك: 'k',
  ل: 'l',
  م: 'm',
  ن: 'n',
  ه: 'h',
  پ: 'b',
  چ: 'c',
};

/** Arabizi's letter pairs and digits, tried first, as skeleton letters. */
const ARABIZI_UNITS: [RegExp, string][] = [
  [/^(sh|ch)/, 'c'],
  [/^(kh|7'|5)/, 'K'],
  [/^(gh|3'|8)/, 'g'],
  [/^th/, 't'],
  [/^dh/, 'd'],
  [/^7/, 'h'],
  [/^3/, '3'],
  [/^[29]/, 'q'],
  [/^6/, 't'],
];
/** Single Latin letters that Arabizi writes for another skeleton letter (Egyptian "g" is ج); vowels and w, y are left out. */
const ARABIZI_LETTERS: Record<string, string> = { g: 'j', c: 'k', p: 'b', v: 'f', a: '', e: '', i: '', o: '', u: '', w: '', y: '' };

/** The least a skeleton must have to say anything about a word. */
const MIN_SKELETON = 2;

function finish(letters: string): string | undefined {
  let collapsed = '';
  for (let i = 0; i < letters.length; i++) if (letters[i] !== letters[i - 1]) collapsed += letters[i] as string;
  return collapsed.length >= MIN_SKELETON ? collapsed : undefined;
}

/** The skeleton of a word in Arabic script, or undefined when it has fewer than two consonants. */
export function arabicScriptSkeleton(word: string): string | undefined {
  let letters = '';
  for (const char of word.replace(/ه$/, '')) letters += ARABIC_LETTERS[char] ?? '';
  return finish(letters);
}

/** The skeleton of an Arabizi word (lower case, accents folded), or undefined when it has fewer than two consonants. */
export function arabiziSkeleton(word: string): string | undefined {
  let rest = word.replace(/(?<=[^aeiou])[ei]t$/, '').replace(/(?<=[^csktgd])h$/, '');
  let letters = '';
  while (rest.length > 0) {
    const unit = ARABIZI_UNITS.find(([pattern]) => pattern.test(rest));
    if (unit !== undefined) {
      letters += unit[1];
      rest = rest.slice((unit[0].exec(rest) as RegExpExecArray)[0].length);
      continue;
    }
    const char = rest[0] as string;
    letters += ARABIZI_LETTERS[char] ?? (/[a-z]/.test(char) ? char : '');
    rest = rest.slice(1);
  }
  return finish(letters);
}

/** A word that only Arabizi writes so: a digit for a letter inside a word ("ma7ad", "sa3a") or before one ("3ala", "5ali"), not "3rd" or "7pm". */
const ARABIZI_DIGIT_WORD = /^(?=.*[a-z])(?:[a-z]+[2356789]|[2356789][a-z]{2,})[a-z0-9]*$/;
const NOT_ARABIZI = /^\d+(st|nd|rd|th|am|pm|hr|hrs|min|mins|km|ft|lb|lbs|kg)$/;

/** Whether a Latin word is written the Arabizi way. */
export function looksArabizi(word: string): boolean {
  return ARABIZI_DIGIT_WORD.test(word) && !NOT_ARABIZI.test(word);
}
