import * as OpenCC from 'opencc-js/t2cn';
import { foldAccents } from '../normalize.js';
import { arabicScriptSkeleton, arabiziSkeleton, looksArabizi } from './arabic-skeleton.js';

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
  /**
   * Other spellings of the same word, for the model's word features only (the lexicons match as
   * written): Arabizi with its digit letters spelled out ("ma7ad" → "mahad"), French-style
   * spellings of Haitian Creole in the official orthography ("tombe" → "tonbe", "quelqu" → "kelk"),
   * and an Arabic word's consonant skeleton, marked "~", in Arabic script and in a message
   * written in Arabizi alike ("ريحة", "ri7et" → "~rh"; see `arabicScriptSkeleton`).
   */
  variants?: string[];
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
/** Arabic-Indic and Persian digits ("٩١١" is 911). */
const EASTERN_DIGITS = /[\u0660-\u0669\u06f0-\u06f9]/g;
const LATIN_WORD = /^[a-z]+$/;
/** A Latin word (letters, maybe digits for letters) that an Arabizi message's skeletons are made of. */
const ARABIZI_CANDIDATE = /^(?=.*[a-z])[a-z0-9]+$/;
/** A Latin word with digits in it, as Arabizi writes the letters Latin lacks ("3ammi", "ma7ad", "5alas"). */
const ARABIZI = /^(?=.*[a-z])(?=.*[2356789])[a-z0-9]+$/;
/** Arabizi's digit letters, spelled as writers who avoid digits spell them (ع a, ح h, خ kh, ء a, ق q, ط t, غ gh). */
const ARABIZI_LETTERS: Record<string, string> = { '2': 'a', '3': 'a', '5': 'kh', '6': 't', '7': 'h', '8': 'gh', '9': 'q' };

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
    .replace(/[کڪگ]/g, 'ك')
    .replace(/ڤ/g, 'ف')
    .replace(/ڨ/g, 'ق')
    .replace(/[ہھ]/g, 'ه');
}

function westernDigit(digit: string): string {
  const code = digit.charCodeAt(0);
  return String(code >= 0x06f0 ? code - 0x06f0 : code - 0x0660);
}

/**
 * French-style spellings of Haitian Creole written the official way: "qu" and hard "c" as k, "ph"
 * as f, a nasal vowel before b/p with n ("tombe", "ampil" → "tonbe", "anpil"), "oi"/"oin" as
 * wa/wen ("moin" → "mwen"). Written for Creole, harmless elsewhere: it only adds a word feature.
 */
function creoleSpelling(word: string): string {
  return word
    .replace(/qu/g, 'k')
    .replace(/c(?=[aou])/g, 'k')
    .replace(/ph/g, 'f')
    .replace(/([aeo])m(?=[bp])/g, '$1n')
    .replace(/oin/g, 'wen')
    .replace(/oi/g, 'wa');
}

/** Other spellings of a Latin word, for the model's word features (see `DangerToken.variants`). */
function spellingVariants(folded: string): string[] | undefined {
  let variant: string | undefined;
  if (ARABIZI.test(folded)) variant = folded.replace(/[2356789]/g, (digit) => ARABIZI_LETTERS[digit] ?? digit);
  else if (LATIN_WORD.test(folded)) variant = creoleSpelling(folded);
  return variant === undefined || variant === folded ? undefined : [variant];
}

/** Distinct skeletons, marked "~" so that no word of any language is taken for one. */
function skeletonVariants(skeletons: readonly (string | undefined)[]): string[] | undefined {
  const distinct = [...new Set(skeletons.filter((k): k is string => k !== undefined))].map((k) => `~${k}`);
  return distinct.length > 0 ? distinct : undefined;
}

/** Arabizi's letters written with an apostrophe ("3'" غ, "7'" خ, "9'" ض, "6'" ظ), spelled out so the word stays one word. */
const ARABIZI_APOSTROPHE: Record<string, string> = { '3': 'gh', '7': 'kh', '9': 'd', '6': 'z' };

/** Lower case, NFKC, one apostrophe, Traditional Chinese as Simplified, Arabic spelling variants and digits unified. */
export function normalizeDangerText(raw: string): string {
  let text = raw.slice(0, MAX_DANGER_TEXT).normalize('NFKC').toLowerCase().replace(/[’‘`´ʼ]/g, "'").replace(/[\ufe0e\ufe0f]/g, '');
  if (text.includes("'")) text = text.replace(/(?<![0-9])([3679])'(?=[a-z])/g, (_, digit: string) => ARABIZI_APOSTROPHE[digit] ?? digit);
  if (HAN.test(text)) text = simplified(text);
  if (ARABIC.test(text)) text = normalizeArabic(text).replace(EASTERN_DIGITS, westernDigit);
  return text;
}

/** Words a per-word cache keeps before it starts again; longer words are not kept. */
const WORDS_KEPT = 20_000;
const LONGEST_KEPT = 40;

/** Every per-word cache, so they can be emptied (`forgetWordForms`). */
const caches: Map<string, unknown>[] = [];

/**
 * Empties the per-word caches: reading the lexicons fills them with the lexicons' own words,
 * which messages mostly do not use (~0.7 MiB an idle service would keep).
 */
export function forgetWordForms(): void {
  for (const cache of caches) cache.clear();
}

/**
 * `form`, worked out once per word: words repeat from message to message. A bounded cache (the
 * values are never changed by callers).
 */
function perWord<T>(form: (word: string) => T): (word: string) => T {
  const known = new Map<string, T>();
  caches.push(known);
  return (word) => {
    if (known.has(word)) return known.get(word) as T;
    const value = form(word);
    if (known.size >= WORDS_KEPT) known.clear();
    if (word.length <= LONGEST_KEPT) known.set(word, value);
    return value;
  };
}

const foldedWord = (text: string): string => (FOLDABLE.test(text) ? foldAccents(text) : text);

/** An Arabic word without its particles, and its skeletons. */
function arabicForms(text: string): Pick<DangerToken, 'bare' | 'variants'> {
  const bare = [text.replace(ARABIC_CONJUNCTION, ''), text.replace(ARABIC_PARTICLES, '')].filter((b, i, all) => b !== text && all.indexOf(b) === i);
  const forms: Pick<DangerToken, 'bare' | 'variants'> = {};
  if (bare.length > 0) forms.bare = bare;
  const skeletons = skeletonVariants([text, ...bare].map(arabicScriptSkeleton));
  if (skeletons !== undefined) forms.variants = skeletons;
  return forms;
}

/** What a word's token is wherever it stands: its folded form and other spellings (worked out once per word). */
const wordShape = perWord((text): Pick<DangerToken, 'folded' | 'plain' | 'bare' | 'variants'> => {
  const folded = foldedWord(text);
  const shape: Pick<DangerToken, 'folded' | 'plain' | 'bare' | 'variants'> = { folded, plain: folded === text };
  if (ARABIC.test(text)) {
    const forms = arabicForms(text);
    if (forms.bare !== undefined) shape.bare = forms.bare;
    if (forms.variants !== undefined) shape.variants = forms.variants;
  } else {
    const variants = spellingVariants(folded);
    if (variants !== undefined) shape.variants = variants;
  }
  return shape;
});

function token(text: string, sentence: number): DangerToken {
  const { folded, plain, bare, variants } = wordShape(text);
  const made: DangerToken = { text, folded, plain, sentence, messagePlain: true };
  if (bare !== undefined) made.bare = bare;
  if (variants !== undefined) made.variants = variants;
  return made;
}

const ASCII_OTHER = 0;
const ASCII_WORD_PART = 1;
const ASCII_SENTENCE_END = 2;
/** How each ASCII character reads (most of most messages), without the Unicode property tests. */
const ASCII_KIND = new Uint8Array(128);
for (let code = 0; code < 128; code++) {
  const char = String.fromCharCode(code);
  ASCII_KIND[code] = WORD_PART.test(char) ? ASCII_WORD_PART : SENTENCE_END.test(char) ? ASCII_SENTENCE_END : ASCII_OTHER;
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
    const code = char.charCodeAt(0);
    if (code < 128) {
      // No ASCII character is in a script without spaces or a pictograph.
      const kind = ASCII_KIND[code];
      if (kind === ASCII_WORD_PART) {
        word += char;
        continue;
      }
      flush();
      if (kind === ASCII_SENTENCE_END && tokens.length > 0 && tokens[tokens.length - 1]?.sentence === sentence) sentence++;
    } else if (CHARACTER_SCRIPTS.test(char)) {
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
  // An Arabizi word has spelling variants (its digits spelled out): only those are looked at again.
  if (tokens.some((t) => t.variants !== undefined && looksArabizi(t.folded))) addArabiziSkeletons(tokens);
  return tokens;
}

/** An Arabizi word's skeleton variants. */
const arabiziForms = perWord((folded) => skeletonVariants([arabiziSkeleton(folded)]));

/**
 * In a message written in Arabizi (one word at least with a digit for a letter, "ma7ad", "3ala"),
 * every Latin word also gets its consonant skeleton, digits or not ("ghaz", "baba", "mesh").
 */
function addArabiziSkeletons(tokens: DangerToken[]): void {
  for (const t of tokens) {
    if (!ARABIZI_CANDIDATE.test(t.folded)) continue;
    const skeletons = arabiziForms(t.folded);
    if (skeletons !== undefined) t.variants = [...(t.variants ?? []), ...skeletons];
  }
}
