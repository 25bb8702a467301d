import path from 'node:path';
import { z } from 'zod';
import { ConfigError, type ConfigProblem } from '../../config/config-error.js';
import { readYamlFiles } from '../../config/read-yaml-files.js';

/** What kind of danger a message describes; staff see these on the inbox item. */
export const DANGER_KINDS = ['fire', 'gas', 'co', 'breathing', 'unconscious', 'injury', 'medical', 'trapped', 'collapse', 'water', 'ice', 'wires', 'cold', 'crash', 'missing', 'self_harm', 'help'] as const;
export type DangerKind = (typeof DANGER_KINDS)[number];

/** Concepts that carry a danger kind: evidence. */
export const EVIDENCE_CONCEPTS = ['alarm', 'bad_state', 'hazard', 'fuel_indoors'] as const;
/** Concepts that are plain word lists: context that raises, lowers or cancels evidence. */
export const CONTEXT_CONCEPTS = ['person', 'exposure', 'symptom', 'plea', 'present', 'hypothetical', 'past', 'distant_past', 'resolved', 'joke', 'ignore'] as const;
export type EvidenceConcept = (typeof EVIDENCE_CONCEPTS)[number];
export type ContextConcept = (typeof CONTEXT_CONCEPTS)[number];
export type Concept = EvidenceConcept | ContextConcept;

// A bare number (911) is a term too; YAML reads it as a number.
const term = z.union([z.string(), z.number()]).transform(String).pipe(z.string().trim().min(1, 'an empty term'));
const terms = z.array(term).default([]);
const byKind = z.partialRecord(z.enum(DANGER_KINDS), terms).default({});

const shape: Record<string, z.ZodType> = {
  /** The language these words are in (a code as in city.locales). */
  language: z.string().regex(/^[a-z]{2,3}$/, 'a language code such as en'),
  /** `reviewed` by a fluent speaker, or a `draft` waiting for one. */
  review: z.enum(['reviewed', 'draft']),
  /**
   * How accents count. `optional` (default): a word typed without them matches the accented
   * term (Spanish "esta" typed for "está"), and a term written without them matches a word
   * accented with the language's own `letters` (Spanish "que" = "qué", but French "sang" is not
   * Vietnamese "sáng").
   * `significant`: without accents only when the whole message is typed without any (Vietnamese:
   * "mua" is to buy, "mửa" to vomit). `none`: the language has none; words match as written
   * (English "me" is not Vietnamese "mẹ").
   */
  accents: z.enum(['optional', 'significant', 'none']).default('optional'),
  /** The accented letters of the language, for `accents: optional`. */
  letters: z.string().default(''),
};
for (const concept of EVIDENCE_CONCEPTS) shape[concept] = byKind;
for (const concept of CONTEXT_CONCEPTS) shape[concept] = terms;
const lexiconSchema = z.strictObject(shape);

/** One term as written in a lexicon file, with where it came from. */
export interface LexiconTerm {
  language: string;
  concept: Concept;
  kind: DangerKind | null;
  /** The term as written, for error messages and explanations. */
  source: string;
}

export type AccentRule = 'optional' | 'significant' | 'none';

export interface DangerLexicon {
  language: string;
  review: 'reviewed' | 'draft';
  accents: AccentRule;
  letters: string;
  file: string;
  terms: LexiconTerm[];
}

/**
 * Reads `faq/danger/<lang>.yaml`: one file per language, so adding a language is adding a file.
 * Every problem names the file, the path and the field.
 */
export function loadDangerLexicons(dir: string): DangerLexicon[] {
  const display = path.relative(process.cwd(), dir) || dir;
  const problems: ConfigProblem[] = [];
  const lexicons: DangerLexicon[] = [];
  for (const { name, file, data: parsed } of readYamlFiles(dir, lexiconSchema, problems, 'danger lexicon directory not found')) {
    const data = parsed as Record<string, unknown> & { language: string; review: 'reviewed' | 'draft'; accents: AccentRule; letters: string };
    if (name.replace(/\.ya?ml$/, '') !== data.language) problems.push({ file, path: 'language', message: `the file of language "${data.language}" must be named ${data.language}.yaml` });
    const found: LexiconTerm[] = [];
    for (const concept of EVIDENCE_CONCEPTS) {
      for (const [kind, list] of Object.entries(data[concept] as Record<string, string[]>)) for (const source of list) found.push({ language: data.language, concept, kind: kind as DangerKind, source });
    }
    for (const concept of CONTEXT_CONCEPTS) for (const source of data[concept] as string[]) found.push({ language: data.language, concept, kind: null, source });
    lexicons.push({ language: data.language, review: data.review, accents: data.accents, letters: data.letters.normalize('NFC').toLowerCase(), file, terms: found });
  }
  if (lexicons.length === 0 && problems.length === 0) problems.push({ file: display, path: '', message: 'no danger lexicon (expected files such as en.yaml)' });
  if (problems.length > 0) throw new ConfigError(problems);
  return lexicons;
}
