import { ConfigError, type ConfigProblem } from '../../config/config-error.js';
import { forgetWordForms, type DangerToken } from './danger-text.js';
import { EVIDENCE_CONCEPTS, type Concept, type DangerLexicon, type LexiconTerm } from './danger-lexicon.js';
import { allWords, firstWords, matchPattern, parseTermPattern, requiredWords, type PatternNode, type PieceCache } from './term-pattern.js';

interface CompiledTerm {
  term: LexiconTerm;
  nodes: PatternNode[];
  /** One of these must be in the message for a match (see `requiredWords`). */
  requires: ReadonlySet<string> | undefined;
}

/** Where a term was found in a message: tokens `start` (inclusive) to `end` (exclusive). */
export interface TermMatch {
  term: LexiconTerm;
  start: number;
  end: number;
  sentence: number;
}

const LATIN_TARGET = /^[a-z]{4,}$/;

function overlap(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  for (const word of small) if (large.has(word)) return true;
  return false;
}
/** Words of danger, towards which slips are put right first ("fiee" is "fire", not "fine"). */
const DANGER_WORDS: ReadonlySet<Concept> = new Set<Concept>([...EVIDENCE_CONCEPTS, 'symptom']);
/** Words of doubt and idioms: a slip must not hide them either ("waht should I do if I smell gas"). */
const DOUBT_WORDS: ReadonlySet<Concept> = new Set<Concept>(['hypothetical', 'past', 'distant_past', 'resolved', 'joke', 'ignore']);
const done = (i: number) => i;

/**
 * Every lexicon term of every language, indexed by the words it can begin with, so a message is
 * read once: each token looks up the terms that can start there (a few map reads), not every
 * term in turn.
 */
export class TermIndex {
  private readonly exact = new Map<string, CompiledTerm[]>();
  /**
   * Terms that begin with a word's prefix ("respir" for respira, respirar...), by the prefix's
   * first two letters (every prefix has two at least), shortest prefix first: one map read per
   * word, not one per prefix length.
   */
  private readonly prefixes = new Map<string, { prefix: string; terms: CompiledTerm[] }[]>();
  /** Folded danger words of four letters or more in Latin script: what a typing slip is put right to. */
  readonly latinWords = new Set<string>();
  /** The same for words of doubt and idioms. */
  readonly latinDoubtWords = new Set<string>();

  /** `typoLanguages`: the languages whose danger words a typing slip may be put right to. */
  constructor(lexicons: readonly DangerLexicon[], typoLanguages: ReadonlySet<string> = new Set()) {
    const problems: ConfigProblem[] = [];
    const pieces: PieceCache = new Map();
    for (const lexicon of lexicons) {
      for (const term of lexicon.terms) {
        let nodes: PatternNode[];
        try {
          nodes = parseTermPattern(term.source, lexicon.accents, lexicon.letters, pieces);
        } catch (error) {
          problems.push({ file: lexicon.file, path: `${term.concept}${term.kind === null ? '' : `.${term.kind}`}`, message: `term "${term.source}": ${(error as Error).message}` });
          continue;
        }
        const compiled = { term, nodes, requires: requiredWords(nodes) };
        const keys = new Set<string>();
        for (const word of firstWords(nodes)) {
          const key = `${word.prefix ? 'p' : 'e'}${word.folded}`;
          if (keys.has(key)) continue;
          keys.add(key);
          if (word.prefix) this.addPrefixed(word.folded, compiled);
          else {
            const list = this.exact.get(word.folded);
            if (list === undefined) this.exact.set(word.folded, [compiled]);
            else list.push(compiled);
          }
        }
        const targets = !typoLanguages.has(lexicon.language) ? undefined : DANGER_WORDS.has(term.concept) ? this.latinWords : DOUBT_WORDS.has(term.concept) ? this.latinDoubtWords : undefined;
        if (targets !== undefined) for (const word of allWords(nodes)) if (LATIN_TARGET.test(word.folded)) targets.add(word.folded);
      }
    }
    if (problems.length > 0) throw new ConfigError(problems);
    for (const entries of this.prefixes.values()) entries.sort((a, b) => a.prefix.length - b.prefix.length);
    // The terms' words are read: the per-word caches are for messages' words.
    forgetWordForms();
  }

  private addPrefixed(prefix: string, compiled: CompiledTerm): void {
    if (prefix.length < 2) throw new Error(`prefix "${prefix}" is shorter than two letters`);
    const key = prefix.slice(0, 2);
    const entries = this.prefixes.get(key) ?? [];
    if (entries.length === 0) this.prefixes.set(key, entries);
    const entry = entries.find((e) => e.prefix === prefix);
    if (entry === undefined) entries.push({ prefix, terms: [compiled] });
    else entry.terms.push(compiled);
  }

  /** Every term found in `tokens`, in order of position. */
  find(tokens: readonly DangerToken[]): TermMatch[] {
    const found: TermMatch[] = [];
    const present = new Set<string>();
    for (const token of tokens) {
      present.add(token.folded);
      if (token.bare !== undefined) for (const bare of token.bare) present.add(bare);
    }
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i] as DangerToken;
      this.findFrom(tokens, i, token.folded, present, found);
      if (token.bare !== undefined) for (const bare of token.bare) this.findFrom(tokens, i, bare, present, found);
    }
    return found;
  }

  /** Terms starting at token `i` in its form `form`: those that begin with the whole word, then by its prefixes, shortest first. */
  private findFrom(tokens: readonly DangerToken[], i: number, form: string, present: ReadonlySet<string>, found: TermMatch[]): void {
    const candidates = this.exact.get(form);
    if (candidates !== undefined) this.collect(tokens, i, candidates, present, found);
    if (form.length < 2) return;
    const byPrefix = this.prefixes.get(form.slice(0, 2));
    if (byPrefix !== undefined) for (const { prefix, terms } of byPrefix) if (form.startsWith(prefix)) this.collect(tokens, i, terms, present, found);
  }

  private collect(tokens: readonly DangerToken[], i: number, candidates: readonly CompiledTerm[], present: ReadonlySet<string>, found: TermMatch[]): void {
    const sentence = (tokens[i] as DangerToken).sentence;
    for (const { term, nodes, requires } of candidates) {
      if (requires !== undefined && !overlap(requires, present)) continue;
      const end = matchPattern(tokens, nodes, 0, i, sentence, done);
      if (end > i) found.push({ term, start: i, end, sentence });
    }
  }
}
