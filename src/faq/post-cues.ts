import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { ConfigError, type ConfigProblem } from '../config/config-error.js';
import { readYamlFiles } from '../config/read-yaml-files.js';
import { hasCjk, normalizeText } from './normalize.js';

/** How a post is written rather than what it is about: each family is one feature the classifier shares across languages. */
export type CueFamily = 'complaint' | 'story' | 'rant' | 'thanks';
const FAMILIES: readonly CueFamily[] = ['complaint', 'story', 'rant', 'thanks'];

/** One or two words (a Chinese character or character pair counts as one). */
const cueWord = z.string().min(1).refine((w) => normalizeText(w).split(' ').length <= 2, 'one word or a pair of words');
const cueFileSchema = z.strictObject({
  language: z.string().regex(/^[a-z]{2,3}$/, 'a language code'),
  review: z.enum(['draft', 'reviewed']).default('reviewed'),
  /**
   * Below this probability a post in this language is handed to staff (the configured
   * `replies.threshold` applies when higher). Chosen by `scripts/calibrate-faq.ts` by
   * cross-validation on the knowledge base's examples: a confident wrong answer is worse than a hand-off.
   */
  threshold: z.number().min(0).max(1).optional(),
  complaint: z.array(cueWord).default([]),
  story: z.array(cueWord).default([]),
  rant: z.array(cueWord).default([]),
  thanks: z.array(cueWord).default([]),
  negations: z.array(z.string().min(1)).default([]),
  questionOpeners: z.array(z.string().min(1)).default([]),
  questionPhrases: z.array(z.string().min(1)).default([]),
  questionEndings: z.array(z.string().min(1)).default([]),
});
type CueFile = z.infer<typeof cueFileSchema>;

/** One language's cues, normalised as the matcher reads posts. */
export interface LanguageCues {
  language: string;
  /** A word (or a Chinese character or pair) → its family. */
  words: ReadonlyMap<string, CueFamily>;
  /** A pair of words ("cam on", "may ngay"): first word → second word → family. */
  pairs: ReadonlyMap<string, ReadonlyMap<string, CueFamily>>;
  /** Words after which the next few read as negated ("not picked up", "pas ramassé"). */
  negations: ReadonlySet<string>;
  /** A sentence whose first word is one of these asks something. */
  openers: ReadonlySet<string>;
  /** Matches a sentence's normalised text that holds an asking phrase or ends with a question word. */
  asks: RegExp | undefined;
  /** The language's own abstention threshold, when calibrated (0 otherwise). */
  threshold: number;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function compile(file: CueFile): LanguageCues {
  const words = new Map<string, CueFamily>();
  const pairs = new Map<string, Map<string, CueFamily>>();
  for (const family of FAMILIES) {
    for (const entry of file[family]) {
      const parts = normalizeText(entry).split(' ');
      if (parts.length === 1 || hasCjk(entry)) words.set(parts.join(''), family);
      else {
        const [first, second] = parts as [string, string];
        if (!pairs.has(first)) pairs.set(first, new Map());
        pairs.get(first)?.set(second, family);
      }
    }
  }
  const spaced: string[] = [];
  const bare: string[] = [];
  for (const phrase of file.questionPhrases.map(normalizeText).filter((p) => p !== '')) (hasCjk(phrase) ? bare : spaced).push(escape(phrase));
  const endings = file.questionEndings.map(normalizeText).filter((p) => p !== '').map(escape);
  const alternatives = [
    ...(spaced.length > 0 ? [`(?:^| )(?:${spaced.join('|')})(?: |$)`] : []),
    ...(bare.length > 0 ? [`(?:${bare.join('|')})`] : []),
    ...(endings.length > 0 ? [`(?:^| )(?:${endings.join('|')})$`] : []),
  ];
  return {
    language: file.language,
    words,
    pairs,
    negations: new Set(file.negations.map(normalizeText)),
    openers: new Set(file.questionOpeners.map(normalizeText)),
    asks: alternatives.length > 0 ? new RegExp(alternatives.join('|'), 'u') : undefined,
    threshold: file.threshold ?? 0,
  };
}

/**
 * The question forms, complaint, story, rant and thanks words and negations of every language
 * the knowledge base knows, kept as data (`faq/cues/<lang>.yaml`): adding a language is adding a
 * file. A post is read with its own language's cues ("no" is a negation in Spanish, "in the" in
 * Portuguese); a post of no known language with all of them.
 */
export class PostCues {
  private readonly byLanguage: ReadonlyMap<string, LanguageCues>;
  private readonly union: LanguageCues;
  /** Changes whenever any cue changes: trained models are keyed by it. */
  readonly fingerprint: string;

  constructor(files: readonly CueFile[]) {
    const sorted = [...files].sort((a, b) => a.language.localeCompare(b.language));
    this.byLanguage = new Map(sorted.map((f) => [f.language, compile(f)]));
    // A post of no known language takes the most careful language's threshold.
    const merged: CueFile = { language: 'und', review: 'reviewed', threshold: Math.max(0, ...sorted.map((f) => f.threshold ?? 0)), complaint: [], story: [], rant: [], thanks: [], negations: [], questionOpeners: [], questionPhrases: [], questionEndings: [] };
    for (const file of sorted) for (const key of [...FAMILIES, 'negations', 'questionOpeners', 'questionPhrases', 'questionEndings'] as const) merged[key].push(...file[key]);
    this.union = compile(merged);
    this.fingerprint = createHash('sha256').update(JSON.stringify(sorted)).digest('hex').slice(0, 16);
  }

  /** The cues of `language`; every language's together when it has no file of its own. */
  of(language: string | undefined): LanguageCues {
    return (language === undefined ? undefined : this.byLanguage.get(language)) ?? this.union;
  }

  languages(): string[] {
    return [...this.byLanguage.keys()];
  }
}

/** Reads `dir/*.yaml` (one file per language); problems name the file, the path and the field. */
export function readPostCues(dir: string, problems: ConfigProblem[]): PostCues {
  const files = readYamlFiles(dir, cueFileSchema, problems, 'post cue directory not found');
  for (const { name, file, data } of files) if (name.replace(/\.ya?ml$/, '') !== data.language) problems.push({ file, path: 'language', message: `the file of language "${data.language}" must be named ${data.language}.yaml` });
  return new PostCues(files.map((f) => f.data));
}

/** The cues shipped with the package (`faq/cues/`). */
export const SHIPPED_CUES_DIR = fileURLToPath(new URL('../../faq/cues', import.meta.url));

let shipped: PostCues | undefined;

/** `dir`'s cues, or the shipped ones when a knowledge base has no `cues/` folder of its own; throws a ConfigError on a bad file. */
export function loadPostCues(dir: string = SHIPPED_CUES_DIR): PostCues {
  if (path.resolve(dir) === path.resolve(SHIPPED_CUES_DIR) && shipped !== undefined) return shipped;
  const from = fs.existsSync(dir) ? dir : SHIPPED_CUES_DIR;
  const problems: ConfigProblem[] = [];
  const cues = readPostCues(from, problems);
  if (problems.length > 0) throw new ConfigError(problems);
  if (from === SHIPPED_CUES_DIR) shipped = cues;
  return cues;
}
