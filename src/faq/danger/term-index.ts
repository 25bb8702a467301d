import { ConfigError, type ConfigProblem } from '../../config/config-error.js';
import type { DangerToken } from './danger-text.js';
import { EVIDENCE_CONCEPTS, type Concept, type DangerLexicon, type LexiconTerm } from './danger-lexicon.js';
import { allWords, firstWords, matchPattern, parseTermPattern, requiredWords, type PatternNode } from './term-pattern.js';

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
  private readonly prefixes = new Map<string, CompiledTerm[]>();
  private readonly prefixLengths: number[];
  /** Folded danger words of four letters or more in Latin script: what a typing slip is put right to. */
  readonly latinWords = new Set<string>();
  /** The same for words of doubt and idioms. */
  readonly latinDoubtWords = new Set<string>();

  /** `typoLanguages`: the languages whose danger words a typing slip may be put right to. */
  constructor(lexicons: readonly DangerLexicon[], typoLanguages: ReadonlySet<string> = new Set()) {
    const problems: ConfigProblem[] = [];
    const lengths = new Set<number>();
    for (const lexicon of lexicons) {
      for (const term of lexicon.terms) {
        let nodes: PatternNode[];
        try {
          nodes = parseTermPattern(term.source, lexicon.accents, lexicon.letters);
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
          if (word.prefix) lengths.add(word.folded.length);
          const map = word.prefix ? this.prefixes : this.exact;
          const list = map.get(word.folded);
          if (list === undefined) map.set(word.folded, [compiled]);
          else list.push(compiled);
        }
        const targets = !typoLanguages.has(lexicon.language) ? undefined : DANGER_WORDS.has(term.concept) ? this.latinWords : DOUBT_WORDS.has(term.concept) ? this.latinDoubtWords : undefined;
        if (targets !== undefined) for (const word of allWords(nodes)) if (LATIN_TARGET.test(word.folded)) targets.add(word.folded);
      }
    }
    if (problems.length > 0) throw new ConfigError(problems);
    this.prefixLengths = [...lengths].sort((a, b) => a - b);
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
      for (const form of token.bare === undefined ? [token.folded] : [token.folded, ...token.bare]) {
        const candidates = this.exact.get(form);
        if (candidates !== undefined) this.collect(tokens, i, candidates, present, found);
        for (const length of this.prefixLengths) {
          if (length > form.length) break;
          const byPrefix = this.prefixes.get(length === form.length ? form : form.slice(0, length));
          if (byPrefix !== undefined) this.collect(tokens, i, byPrefix, present, found);
        }
      }
    }
    return found;
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
