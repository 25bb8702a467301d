import { ARABIC_SCRIPT_LEXICONS } from './lexicons/arabic-script.js';
import { CYRILLIC_LEXICONS } from './lexicons/cyrillic.js';
import { DEVANAGARI_LEXICONS } from './lexicons/devanagari.js';
import { LATIN_LEXICONS } from './lexicons/latin.js';
import { romanizedRussianTrigrams } from './romanized-russian.js';
import { russianLatinSpellings } from './russian-latin-spellings.js';
import type { WordModelSpec } from './word-model.js';

const VIETNAMESE_LETTERS = 'àáâãèéêìíòóôõùúýăđĩũơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ';
/** Words taken from each big list; a smaller share of the lists of languages the city does not name. */
const LIST = 3000;
const OTHER = 1000;
/** Languages nobody configured are still modelled, so a Dutch or Turkish post is "not sure", not German or Swahili. */
const UNNAMED = -1;
/**
 * The Slavic and Baltic look-alikes of Russian translit: less likely again than other unnamed
 * languages, so a one-word post in a named language is not made unsure by five more of them.
 */
const LOOK_ALIKE = -2;
/** Russian in Latin letters: fewer posts than in Cyrillic, and a wrong guess is worse than a hand-off. */
const TRANSLIT = -1;

/**
 * The languages each script's model tells apart, and where each one's knowledge comes from.
 * Script models hold the recognisable languages plus the neighbours most often mistaken for them.
 */
export const LATIN_MODEL: WordModelSpec = {
  fold: true,
  sources: [
    // English is most posts in a US city (log 0.7 / 0.035): it wins when nothing speaks for another language;
    // the others borrow its nouns.
    { code: 'en', list: { name: 'english', size: 8000 }, unknownCost: 1, hand: LATIN_LEXICONS.en, trigrams: 'eng', alphabet: '', prior: 3 },
    { code: 'es', list: { name: 'spanish', size: LIST }, hand: LATIN_LEXICONS.es, trigrams: 'spa', alphabet: 'áéíóúñü¿¡', borrows: 'en' },
    { code: 'pt', list: { name: 'portuguese', size: LIST }, hand: LATIN_LEXICONS.pt, trigrams: 'por', alphabet: 'áéíóúâêôãõàçü', borrows: 'en' },
    { code: 'fr', list: { name: 'french', size: LIST }, hand: LATIN_LEXICONS.fr, trigrams: 'fra', alphabet: 'àâçéèêëîïôûùüÿœæ', borrows: 'en' },
    { code: 'it', list: { name: 'italian', size: LIST }, hand: LATIN_LEXICONS.it, trigrams: 'ita', alphabet: 'àèéìíîòóùú', borrows: 'en' },
    { code: 'de', list: { name: 'german', size: LIST }, hand: LATIN_LEXICONS.de, trigrams: 'deu', alphabet: 'äöüßé', borrows: 'en' },
    { code: 'pl', list: { name: 'polish', size: LIST }, hand: LATIN_LEXICONS.pl, trigrams: 'pol', alphabet: 'ąćęłńóśźż', borrows: 'en' },
    { code: 'vi', list: { name: 'vietnamese', size: LIST }, hand: LATIN_LEXICONS.vi, trigrams: 'vie', alphabet: VIETNAMESE_LETTERS, borrows: 'en' },
    { code: 'ht', hand: LATIN_LEXICONS.ht, trigrams: 'hat', alphabet: 'èòà', borrows: 'en' },
    { code: 'sw', hand: LATIN_LEXICONS.sw, trigrams: 'swh', alphabet: '', borrows: 'en' },
    { code: 'so', hand: LATIN_LEXICONS.so, trigrams: 'som', alphabet: '', borrows: 'en' },
    { code: 'tl', hand: LATIN_LEXICONS.tl, trigrams: 'tgl', alphabet: 'ñ', borrows: 'en' },
    // Russian typed without a Cyrillic keyboard ("mashinu evakuirovali, kuda zvonit'?"): the Cyrillic
    // model's list and lexicon, each word in its common Latin spellings. Less common than Cyrillic.
    { code: 'ru', list: { name: 'russian', size: LIST }, hand: CYRILLIC_LEXICONS.ru, spell: russianLatinSpellings, romanized: true, trigrams: romanizedRussianTrigrams, alphabet: '', prior: TRANSLIT, borrows: 'en' },
    { code: 'nl', list: { name: 'dutch', size: OTHER }, trigrams: 'nld', alphabet: 'ëïéè', prior: UNNAMED },
    { code: 'af', list: { name: 'afrikaans', size: OTHER }, trigrams: 'afr', alphabet: 'êëéèôîûï', prior: UNNAMED },
    { code: 'id', list: { name: 'indonesian', size: OTHER }, trigrams: 'ind', alphabet: '', prior: UNNAMED },
    { code: 'tr', list: { name: 'turkish', size: OTHER }, trigrams: 'tur', alphabet: 'çğıöşüâî', prior: UNNAMED },
    { code: 'ro', list: { name: 'romanian', size: OTHER }, trigrams: 'ron', alphabet: 'ăâîșşțţ', prior: UNNAMED },
    { code: 'ca', list: { name: 'catalan', size: OTHER }, trigrams: 'cat', alphabet: 'àçéèíïòóúü', prior: UNNAMED },
    { code: 'cs', list: { name: 'czech', size: OTHER }, trigrams: 'ces', alphabet: 'áčďéěíňóřšťúůýž', prior: UNNAMED },
    // The Slavic and Baltic languages written in Latin letters share words and sounds with Russian
    // translit ("gde", "kada", "moze"): modelled so their posts are "not sure", not Russian.
    { code: 'sk', list: { name: 'slovak', size: OTHER }, trigrams: 'slk', alphabet: 'áäčďéíĺľňóôŕšťúýž', prior: LOOK_ALIKE },
    { code: 'sl', list: { name: 'slovenian', size: OTHER }, trigrams: 'slv', alphabet: 'čšž', prior: LOOK_ALIKE },
    // Serbian in Latin letters; Croatian and Bosnian write nearly the same words.
    { code: 'sh', list: { name: 'serbian', size: OTHER }, trigrams: 'hrv', alphabet: 'čćđšž', prior: LOOK_ALIKE },
    { code: 'lt', list: { name: 'lithuanian', size: OTHER }, trigrams: 'lit', alphabet: 'ąčęėįšųūž', prior: LOOK_ALIKE },
    { code: 'lv', list: { name: 'latvian', size: OTHER }, trigrams: 'lvs', alphabet: 'āčēģīķļņšūž', prior: LOOK_ALIKE },
    { code: 'sv', list: { name: 'swedish', size: OTHER }, trigrams: 'swe', alphabet: 'åäöé', prior: UNNAMED },
    { code: 'da', list: { name: 'danish', size: OTHER }, trigrams: 'dan', alphabet: 'æøåé', prior: UNNAMED },
    { code: 'no', list: { name: 'norwegian', size: OTHER }, trigrams: 'nob', alphabet: 'æøåé', prior: UNNAMED },
    { code: 'hu', list: { name: 'hungarian', size: OTHER }, trigrams: 'hun', alphabet: 'áéíóöőúüű', prior: UNNAMED },
    { code: 'fi', list: { name: 'finnish', size: OTHER }, trigrams: 'fin', alphabet: 'äöå', prior: UNNAMED },
    { code: 'sq', list: { name: 'albanian', size: OTHER }, trigrams: 'als', alphabet: 'çë', prior: UNNAMED },
    { code: 'yo', hand: LATIN_LEXICONS.yo, trigrams: 'yor', alphabet: 'ẹọṣàáèéìíòóùú', prior: UNNAMED },
    { code: 'ha', hand: LATIN_LEXICONS.ha, trigrams: 'hau', alphabet: 'ɓɗƙ', prior: UNNAMED },
  ],
};

export const CYRILLIC_MODEL: WordModelSpec = {
  fold: false,
  sources: [
    { code: 'ru', list: { name: 'russian', size: LIST }, hand: CYRILLIC_LEXICONS.ru, trigrams: 'rus', alphabet: 'ыэъё' },
    // The Ukrainian subtitle list holds many Russian lines: only its own words are kept.
    { code: 'uk', list: { name: 'ukrainian', size: OTHER, without: 'russian' }, trigrams: 'ukr', alphabet: 'іїєґ', prior: UNNAMED },
    { code: 'be', trigrams: 'bel', alphabet: 'ыэёіў', prior: UNNAMED },
    { code: 'bg', list: { name: 'bulgarian', size: OTHER }, trigrams: 'bul', alphabet: 'ъ', prior: UNNAMED },
    { code: 'mk', list: { name: 'macedonian', size: OTHER }, trigrams: 'mkd', alphabet: 'ѓќѕјљњџ', prior: UNNAMED },
    { code: 'sr', trigrams: 'srp', alphabet: 'ђјљњћџ', prior: UNNAMED },
    { code: 'kk', list: { name: 'kazakh', size: OTHER }, trigrams: 'kaz', alphabet: 'әғқңөұүһі', prior: UNNAMED },
  ],
};

export const ARABIC_SCRIPT_MODEL: WordModelSpec = {
  fold: false,
  sources: [
    { code: 'ar', list: { name: 'arabic', size: LIST }, hand: ARABIC_SCRIPT_LEXICONS.ar, trigrams: 'arb', alphabet: 'ةىيكأإ' },
    // Urdu writes ٹ ڈ ڑ ں ے ہ ھ, and ک ی where Arabic has ك ي.
    { code: 'ur', hand: ARABIC_SCRIPT_LEXICONS.ur, trigrams: 'urd', alphabet: 'ٹڈڑںےۓہھیکگپچژ' },
    { code: 'fa', list: { name: 'farsi', size: OTHER }, trigrams: 'pes', alphabet: 'یکگپچژ', prior: UNNAMED },
  ],
};

export const DEVANAGARI_MODEL: WordModelSpec = {
  fold: false,
  sources: [
    // Hindi spells Persian and English sounds with a nukta (ज़, फ़, ड़; after NFC always the combining
    // sign); Nepali seldom does.
    { code: 'hi', list: { name: 'hindi', size: LIST }, hand: DEVANAGARI_LEXICONS.hi, trigrams: 'hin', alphabet: '\u093c' },
    // Nepali and Hindi share much of their vocabulary: Nepali borrows from the (bigger) Hindi list.
    { code: 'ne', hand: DEVANAGARI_LEXICONS.ne, trigrams: 'npi', alphabet: '', borrows: 'hi' },
    { code: 'mr', hand: DEVANAGARI_LEXICONS.mr, trigrams: 'mar', alphabet: 'ळ', prior: UNNAMED, borrows: 'hi' },
  ],
};
