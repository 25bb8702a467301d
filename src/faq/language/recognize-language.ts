import { cleanPostText } from './clean-post-text.js';
import { UNDETERMINED } from './language-codes.js';
import { countScripts, type Script, type ScriptCounts } from './script-profile.js';
import { ARABIC_SCRIPT_MODEL, CYRILLIC_MODEL, DEVANAGARI_MODEL, LATIN_MODEL } from './script-models.js';
import { DEFAULT_WORD_MODEL_PARAMS, WordModel, type WordModelParams, type WordModelSpec } from './word-model.js';

/** Which languages the city answers in, and which it only recognises (to route to staff). */
export interface LanguageOptions {
  served: readonly string[];
  recognised: readonly string[];
}

export interface LanguageCandidate {
  language: string;
  /** Probability, 0–1, that the post is in this language. */
  score: number;
}

export interface LanguageRecognition {
  /** The post's language, or `und` when the recogniser is not sure or it is none the city named. */
  language: string;
  /** Probability of `language` (of the best guess when `language` is `und`). */
  confidence: number;
  /** Whether `language` is one the city answers in. */
  served: boolean;
  /** The likeliest languages, best first (at most three; may name languages outside the options). */
  candidates: LanguageCandidate[];
  /**
   * Set when the post writes `language` in Latin letters though its own script is another
   * (Russian typed without a Cyrillic keyboard): its text must be transliterated before it is matched.
   */
  romanized?: true;
}

export interface LanguageRecognizer {
  recognize(text: string, options: LanguageOptions): LanguageRecognition;
}

export interface RecognizerSettings {
  /** Words each language's own knowledge base uses, by language code ("remolcaron", "kijan"). */
  vocabulary?: ReadonlyMap<string, Iterable<string>>;
  params?: WordModelParams;
  /** Below this probability the answer is `und` (a reply in the wrong language is worse than a hand-off). */
  minConfidence?: number;
  /** Softens the word model's probabilities, which naive Bayes makes overconfident. */
  temperature?: number;
}

export const DEFAULT_MIN_CONFIDENCE = 0.8;
const DEFAULT_TEMPERATURE = 1.25;
const MAX_CHARS = 1000;
const WORD = /[\p{L}\p{M}]+(?:['’][\p{L}\p{M}]+)*/gu;
/** French and Italian elisions ("l'urgence", "c'è"): the article is a word of its own. */
const ELISION = /^(l|d|j|c|m|n|s|t|qu|un|dell|all|nell|dov)'(.+)$/u;

type WordScript = 'latin' | 'cyrillic' | 'arabic' | 'devanagari';
/** Scripts one language writes (in the recognisable set). */
const SINGLE: Partial<Record<Script, string>> = { hangul: 'ko', bengali: 'bn', khmer: 'km', ethiopic: 'am' };
/** Weight of one letter when scripts are compared: a Chinese character or a Hangul block is a syllable. */
const WEIGHT: Partial<Record<Script, number>> = { han: 2.5, kana: 2.5, hangul: 2.5, ethiopic: 2, khmer: 0.7 };
/**
 * Share of a post's letters a non-Latin script needs to be the post's script: English words come
 * into every language's posts, the other way round seldom ("الـ snow emergency خلص؟" is Arabic).
 */
const SCRIPT_SHARE = 0.15;

/** Arabic typed in Latin letters, digits for the sounds Latin lacks ("3arabiti et7abet"): no word model knows it. */
const ARABIZI = /\p{L}[2379]|[2379]\p{L}/gu;

const LETTER_IN: Record<WordScript, RegExp> = {
  latin: /^[a-zà-ɏḀ-ỿ]/u,
  cyrillic: /^[\u0400-\u052f]/u,
  arabic: /^[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]/u,
  devanagari: /^[\u0900-\u097f]/u,
};

function words(text: string, script: WordScript): string[] {
  const result: string[] = [];
  const letter = LETTER_IN[script];
  for (const match of text.matchAll(WORD)) {
    const word = match[0].includes('’') ? match[0].replace(/’/gu, "'") : match[0];
    if (!letter.test(word)) continue;
    const elided = script === 'latin' && word.includes("'") ? ELISION.exec(word) : null;
    if (elided !== null) result.push(`${elided[1] as string}'`, elided[2] as string);
    else result.push(word);
  }
  return result;
}

const SCRIPTS = ['latin', 'cyrillic', 'arabic', 'devanagari', 'bengali', 'khmer', 'ethiopic', 'hangul', 'kana', 'han', 'other'] as const satisfies readonly Script[];

function dominantScript(counts: ScriptCounts): { script: Script; letters: number; share: number } | undefined {
  let best: Script | undefined;
  let bestWeight = 0;
  let total = 0;
  for (const script of SCRIPTS) {
    const count = counts[script];
    if (count === 0) continue;
    const weight = count * (WEIGHT[script] ?? 1);
    total += weight;
    // Chinese characters in a Japanese post count for Japanese: kana and Han compete together.
    const joined = script === 'han' || script === 'kana' ? (counts.han + counts.kana) * 2.5 : weight;
    if (script !== 'latin' && joined > bestWeight) {
      best = script === 'kana' || script === 'han' ? 'han' : script;
      bestWeight = joined;
    }
  }
  if (total === 0) return undefined;
  if (best !== undefined && bestWeight / total >= SCRIPT_SHARE) return { script: best, letters: best === 'han' ? counts.han + counts.kana : counts[best], share: bestWeight / total };
  if (counts.latin > 0) return { script: 'latin', letters: counts.latin, share: counts.latin / total };
  return best === undefined ? undefined : { script: best, letters: counts[best], share: bestWeight / total };
}

/**
 * Builds a recogniser: the script first (Hangul, kana, Han, Khmer, Ethiopic and Bengali name
 * their language at once), then a word model per script for Latin, Cyrillic, Arabic and
 * Devanagari posts. Links, handles, hashtags, emoji and digits are ignored; a few English words
 * in another language do not make it English. Unsure means `und`.
 */
export function createLanguageRecognizer(settings: RecognizerSettings = {}): LanguageRecognizer {
  const params = settings.params ?? DEFAULT_WORD_MODEL_PARAMS;
  const minConfidence = settings.minConfidence ?? DEFAULT_MIN_CONFIDENCE;
  const temperature = settings.temperature ?? DEFAULT_TEMPERATURE;
  const specs: Record<WordScript, WordModelSpec> = { latin: LATIN_MODEL, cyrillic: CYRILLIC_MODEL, arabic: ARABIC_SCRIPT_MODEL, devanagari: DEVANAGARI_MODEL };
  const romanizedLatin = new Set(LATIN_MODEL.sources.filter((s) => s.romanized === true).map((s) => s.code));
  // A model is built when a post in its script first arrives: most cities never see Devanagari.
  const models = new Map<WordScript, WordModel>();
  const model = (script: WordScript): WordModel => {
    let built = models.get(script);
    if (built === undefined) models.set(script, (built = new WordModel(specs[script], params, settings.vocabulary)));
    return built;
  };

  const decide = (ranked: LanguageCandidate[], options: LanguageOptions): LanguageRecognition => {
    const top = ranked[0];
    const candidates = ranked.slice(0, 3).map((c) => ({ language: c.language, score: Math.round(c.score * 1000) / 1000 }));
    if (top === undefined) return { language: UNDETERMINED, confidence: 0, served: false, candidates };
    const named = options.served.includes(top.language) || options.recognised.includes(top.language);
    const language = named && top.score >= minConfidence ? top.language : UNDETERMINED;
    return { language, confidence: top.score, served: language !== UNDETERMINED && options.served.includes(language), candidates };
  };

  const byWords = (script: WordScript, text: string): LanguageCandidate[] => {
    const found = words(text, script);
    if (found.length === 0) return [];
    const m = model(script);
    const scores = m.score(found, text);
    let max = -Infinity;
    for (const s of scores) if (s > max) max = s;
    let sum = 0;
    for (let i = 0; i < scores.length; i++) {
      scores[i] = Math.exp(((scores[i] as number) - max) / temperature);
      sum += scores[i] as number;
    }
    // The three likeliest, best first: only they are reported.
    const ranked: LanguageCandidate[] = [];
    for (let i = 0; i < scores.length; i++) {
      const score = (scores[i] as number) / sum;
      if (ranked.length === 3 && score <= (ranked[2] as LanguageCandidate).score) continue;
      ranked.push({ language: m.languages[i] as string, score });
      ranked.sort((a, b) => b.score - a.score);
      if (ranked.length > 3) ranked.pop();
    }
    return ranked;
  };

  return {
    recognize(text: string, options: LanguageOptions): LanguageRecognition {
      const cleaned = cleanPostText(text.slice(0, MAX_CHARS)).normalize('NFC').toLowerCase();
      const counts = countScripts(cleaned);
      const dominant = dominantScript(counts);
      if (dominant === undefined) return decide([], options);
      const { script, letters, share } = dominant;
      // One character is too little to be sure even of a script.
      const sure = letters >= 2 ? 0.97 + 0.02 * share : 0.5;
      if (script === 'han') return decide([{ language: counts.kana / letters >= 0.1 ? 'ja' : 'zh', score: sure }], options);
      if (script === 'bengali' && /[ৰৱ]/u.test(cleaned)) return decide([{ language: 'as', score: sure }], options);
      // Tigrinya writes ኣ where Amharic writes አ.
      if (script === 'ethiopic' && (cleaned.match(/ኣ/gu)?.length ?? 0) > (cleaned.match(/አ/gu)?.length ?? 0)) return decide([{ language: 'ti', score: sure }], options);
      const single = SINGLE[script];
      if (single !== undefined) return decide([{ language: single, score: sure }], options);
      if (script === 'latin' && (cleaned.match(ARABIZI)?.length ?? 0) >= 2) return decide([{ language: 'ar-Latn', score: 0.5 }], options);
      if (script === 'latin') {
        const decided = decide(byWords(script, cleaned), options);
        return romanizedLatin.has(decided.language) ? { ...decided, romanized: true } : decided;
      }
      if (script === 'cyrillic' || script === 'arabic' || script === 'devanagari') return decide(byWords(script, cleaned), options);
      return decide([], options);
    },
  };
}

let shared: LanguageRecognizer | undefined;

/** The language of a post, with the default models (see {@link createLanguageRecognizer}). */
export function recognizeLanguage(text: string, options: LanguageOptions): LanguageRecognition {
  shared ??= createLanguageRecognizer();
  return shared.recognize(text, options);
}
