import * as OpenCC from 'opencc-js/t2cn';
import { foldAccents } from '../normalize.js';

/**
 * One word of a message, as the danger lexicons see it. `text` keeps accents and diacritics
 * (lower case, NFKC); `folded` has them removed; `plain` says the writer typed none, as people
 * do on a phone ("nha toi bi chay"), so the word may stand for any accented form.
 */
export interface DangerToken {
  text: string;
  folded: string;
  plain: boolean;
  /** Index of the sentence it is in: "who" and "what state" are related within a sentence or two. */
  sentence: number;
  /** The whole message was typed without accents: in Vietnamese, only then is "chay" any of cháy, chạy, chay. */
  messagePlain: boolean;
  /** The word without the particles Arabic writes onto it ("والدخان" → "الدخان", "دخان"). */
  bare?: string[];
}

/** Longer messages are read up to here: a story may put the danger late, but not after 5,000 characters. */
export const MAX_DANGER_TEXT = 5000;

/** Scripts written without spaces: every character is a token, and terms are character sequences. */
const CHARACTER_SCRIPTS = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Khmer}\p{Script=Lao}\p{Script=Myanmar}]/u;
/** Scripts whose marks are accents that people leave out; elsewhere (Devanagari, Hangul...) a mark is part of the letter. */
const FOLDABLE = /^[\p{Script=Latin}\p{Script=Cyrillic}\p{Script=Greek}\p{Script=Arabic}\p{M}\p{N}]+$/u;
const WORD_PART = /[\p{L}\p{M}\p{N}]/u;
const PICTOGRAPH = /\p{Extended_Pictographic}/u;
const SENTENCE_END = /[.!?;。！？；\n]/;
const HAN = /\p{Script=Han}/u;
/** "و"/"ف" (and, so), then "ب"/"ل"/"ك" (with, to, like), then "ال" (the), as written onto an Arabic word. */
const ARABIC_CONJUNCTION = /^[وف](?=.{3})/;
const ARABIC_PARTICLES = /^[وف]?[بلك]?(?:ال)?(?=..)/;
const ARABIC = /[\u0600-\u06ff]/;

/** Traditional characters to Simplified (OpenCC), so one lexicon reads both scripts. Loaded on first use. */
let toSimplified: ((text: string) => string) | undefined;

function simplified(text: string): string {
  const convert = toSimplified ?? OpenCC.Converter({ from: 't', to: 'cn' });
  toSimplified = convert;
  return convert(text);
}

/** Arabic-script spelling variants people mix freely: hamza seats, final forms, tatweel and short vowels. */
function normalizeArabic(text: string): string {
  return text
    .replace(/[\u064b-\u065f\u0670\u0640]/g, '')
    .replace(/[أإآٱ]/g, 'ا')
    .replace(/[ىیې]/g, 'ي')
    .replace(/ة/g, 'ه')
    .replace(/[ؤ]/g, 'و')
    .replace(/[ئ]/g, 'ي')
    .replace(/[کڪ]/g, 'ك')
    .replace(/[ہھ]/g, 'ه');
}

/** Lower case, NFKC, one apostrophe, Traditional Chinese as Simplified, Arabic spelling variants unified. */
export function normalizeDangerText(raw: string): string {
  let text = raw.slice(0, MAX_DANGER_TEXT).normalize('NFKC').toLowerCase().replace(/[’‘`´ʼ]/g, "'").replace(/[\ufe0e\ufe0f]/g, '');
  if (HAN.test(text)) text = simplified(text);
  if (ARABIC.test(text)) text = normalizeArabic(text);
  return text;
}

/** Words repeat from message to message: each one's folded form is worked out once (a bounded cache). */
const foldedWords = new Map<string, string>();
const FOLDED_WORDS_KEPT = 20_000;

function foldedWord(text: string): string {
  const known = foldedWords.get(text);
  if (known !== undefined) return known;
  const folded = FOLDABLE.test(text) ? foldAccents(text) : text;
  if (foldedWords.size >= FOLDED_WORDS_KEPT) foldedWords.clear();
  if (text.length <= 40) foldedWords.set(text, folded);
  return folded;
}

function token(text: string, sentence: number): DangerToken {
  const folded = foldedWord(text);
  const made: DangerToken = { text, folded, plain: folded === text, sentence, messagePlain: true };
  if (ARABIC.test(text)) {
    const bare = [text.replace(ARABIC_CONJUNCTION, ''), text.replace(ARABIC_PARTICLES, '')].filter((b, i, all) => b !== text && all.indexOf(b) === i);
    if (bare.length > 0) made.bare = bare;
  }
  return made;
}

/**
 * Splits normalised text into tokens: runs of letters, marks and digits; one token per character
 * in scripts written without spaces (Chinese, Japanese kana, Thai, Khmer) and per pictograph
 * ("🔥"). Apostrophes and hyphens split words ("can't" → can, t), as they do in the lexicons.
 */
export function dangerTokens(normalized: string): DangerToken[] {
  const tokens: DangerToken[] = [];
  let sentence = 0;
  let word = '';
  const flush = () => {
    if (word.length > 0) tokens.push(token(word, sentence));
    word = '';
  };
  for (const char of normalized) {
    if (CHARACTER_SCRIPTS.test(char)) {
      flush();
      tokens.push(token(char, sentence));
    } else if (WORD_PART.test(char)) {
      word += char;
    } else {
      flush();
      if (PICTOGRAPH.test(char)) tokens.push(token(char, sentence));
      else if (SENTENCE_END.test(char) && tokens.length > 0 && tokens[tokens.length - 1]?.sentence === sentence) sentence++;
    }
  }
  flush();
  if (!tokens.every((t) => t.plain)) for (const t of tokens) t.messagePlain = false;
  return tokens;
}
