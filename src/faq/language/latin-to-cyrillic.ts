import { frequencyWords } from './frequency-words.js';
import { handWords, TIER_RANK } from './lexicons/hand-lexicon.js';
import { CYRILLIC_LEXICONS } from './lexicons/cyrillic.js';
import { russianLatinSpellings } from './russian-latin-spellings.js';

/** Russian words whose Latin spellings are looked up: enough for the inflected forms residents write. */
const DICTIONARY_WORDS = 10000;
/** English words kept in Latin letters when no Russian word is spelled so ("snow emergency", "ok"). */
const ENGLISH_WORDS = 3000;
/** A word, with the soft sign's apostrophe inside or at its end ("noch'yu", "zvonit'"). */
const LATIN_WORD = /[a-z]+(?:['’][a-z]+)*['’]?/giu;
/** An acronym in capitals ("SEPTA", "PECO") is kept as written. */
const ACRONYM = /^[A-Z]{2,}$/u;
const CAPITALISED = /^[A-Z]/u;
/** What ends a sentence: the next capitalised word may be any word, not only a name. */
const SENTENCE_END = /(?:^|[.!?]\s*)$/u;

/** Letter by letter, longest first, for a word no list knows: the spellings' commonest readings. */
const READINGS: readonly (readonly [string, string])[] = (
  'shch:щ sch:щ zh:ж kh:х ch:ч sh:ш tz:ц ya:я ja:я yu:ю ju:ю iu:ю yo:ё jo:ё ye:е je:е ' +
  "a:а b:б v:в w:в g:г d:д e:е z:з i:и j:й k:к q:к l:л m:м n:н o:о p:п r:р s:с t:т u:у f:ф h:х x:х c:ц ':ь ’:ь"
)
  .split(' ')
  .map((pair) => {
    const [latin, cyrillic] = pair.split(':') as [string, string];
    return [latin, cyrillic] as const;
  });
const VOWEL = /[аеёиоуыэюя]$/u;

/**
 * A word no list knows, read letter by letter: y is й after a vowel, ы elsewhere; a first e is э;
 * a final i after a vowel is й (Russian words end in -ой, -ей, -ай, hardly ever in -ои).
 */
function readLetters(word: string): string {
  let out = '';
  for (let i = 0; i < word.length; ) {
    const next = word[i + 1];
    // A final y is a vowel too ("rel'sy"): `'aueo'.includes('')` would be true.
    if (word[i] === 'y' && (next === undefined || !'aueo'.includes(next))) {
      out += VOWEL.test(out) ? 'й' : 'ы';
      i++;
      continue;
    }
    const reading = READINGS.find(([latin]) => word.startsWith(latin, i));
    if (reading === undefined) {
      out += word[i] as string;
      i++;
      continue;
    }
    out += i === 0 && reading[0] === 'e' ? 'э' : reading[1];
    i += reading[0].length;
  }
  // "-yi", "-ii", "-iy" end adjectives: ый, ий.
  return out.replace(/([ыиаоеу])и$/u, '$1й').replace(/ыы$/u, 'ый');
}

/**
 * Turns Russian typed in Latin letters into Cyrillic, so the Russian knowledge base can read it
 * ("mashinu evakuirovali, kuda zvonit'?" → "машину эвакуировали, куда звонить?"). Each word is
 * looked up among the Latin spellings of the Russian frequency list, the Russian lexicon and
 * `words` (the knowledge base's Russian vocabulary); where several words are spelled alike the
 * commoner wins. An English word ("snow", "ok"), an acronym ("SEPTA") and a capitalised name
 * mid-sentence ("Bustleton") stay as written; any other word is read letter by letter.
 */
export function createLatinToCyrillic(words: Iterable<string> = []): (text: string) => string {
  const dictionary = new Map<string, { word: string; rank: number }>();
  const add = (word: string, rank: number) => {
    for (const spelling of russianLatinSpellings(word)) {
      const known = dictionary.get(spelling);
      if (known === undefined || rank < known.rank) dictionary.set(spelling, { word, rank });
    }
  };
  frequencyWords('russian', DICTIONARY_WORDS).forEach((word, i) => add(word, i + 1));
  for (const [word, rank] of handWords(CYRILLIC_LEXICONS.ru)) add(word, rank);
  for (const word of words) add(word.toLowerCase(), TIER_RANK.topic);
  const english = new Set(frequencyWords('english', ENGLISH_WORDS));
  return (text: string) =>
    text.replace(LATIN_WORD, (written: string, offset: number) => {
      if (ACRONYM.test(written)) return written;
      const word = written.toLowerCase().replace(/’/gu, "'");
      const known = dictionary.get(word) ?? dictionary.get(word.replace(/'$/u, ''));
      if (known !== undefined) return known.word;
      if (english.has(word)) return written;
      // A capitalised word no list knows, mid-sentence, is a street's or a place's name ("s Bustleton").
      if (CAPITALISED.test(written) && !SENTENCE_END.test(text.slice(Math.max(0, offset - 3), offset))) return written;
      return readLetters(word);
    });
}
