import type { AccentRule } from './danger-lexicon.js';
import { dangerTokens, normalizeDangerText, type DangerToken } from './danger-text.js';
import { OptionStarts, WordChoice, wordMatches } from './word-choice.js';

/**
 * A compiled lexicon term: words (or a word's beginning, "bleed*"), gaps ("~" up to three words,
 * "~~" up to six) and choices ("(my|our|)", nested freely; an empty choice makes a part optional).
 */
export type PatternNode = WordNode | { kind: 'gap'; max: number } | ChoiceNode;
export interface ChoiceNode {
  kind: 'choice';
  options: PatternNode[][];
  /** The options as one word each (or none), when every option is one of these: most choices ("(my|our|the|)"). */
  single: WordChoice | undefined;
  /** For a long choice of other options: which of them can begin at a token. */
  starts: OptionStarts | undefined;
}
export interface WordNode {
  kind: 'word';
  text: string;
  folded: string;
  plain: boolean;
  prefix: boolean;
  accents: AccentRule;
  /** The language's accented letters: a term written without accents matches words accented with these. */
  letters: string;
}

const GAPS: Record<string, number> = { '~': 3, '~~': 6 };

/**
 * Parses a term as written in a lexicon file; throws with a short reason when it is malformed.
 * `pieces`: pieces already read, shared by the terms read together (they repeat across thousands
 * of terms: "(my|our|the)"); the caller drops it when done, so it is not kept for the process's life.
 */
export function parseTermPattern(source: string, accents: AccentRule = 'optional', letters = '', pieces: PieceCache = new Map()): PatternNode[] {
  let at = 0;
  const sequence = (depth: number): PatternNode[] => {
    const nodes: PatternNode[] = [];
    let piece = '';
    const flush = () => {
      if (piece.length > 0) nodes.push(...wordNodes(piece, accents, letters, pieces));
      piece = '';
    };
    while (at < source.length) {
      const char = source[at] as string;
      if (char === '(') {
        flush();
        at++;
        const options: PatternNode[][] = [sequence(depth + 1)];
        while (source[at] === '|') {
          at++;
          options.push(sequence(depth + 1));
        }
        if (source[at] !== ')') throw new Error('a "(" without its ")"');
        at++;
        nodes.push(choiceOf(options));
        continue;
      }
      if (char === '|' || char === ')') {
        if (depth === 0) throw new Error(`a "${char}" outside a "( )" group`);
        break;
      }
      if (char === ' ') flush();
      else piece += char;
      at++;
    }
    flush();
    return nodes;
  };
  const nodes = sequence(0);
  if (firstWords(nodes).length === 0) throw new Error('has no word to start from');
  return nodes;
}

/** Written pieces already read, by accent rule, letters and piece (see `parseTermPattern`). */
export type PieceCache = Map<string, PatternNode[]>;

/** One written piece → word nodes; "can't" also stands for "cant", as people type it. */
function wordNodes(piece: string, accents: AccentRule, letters: string, pieces: PieceCache): PatternNode[] {
  const key = `${accents}\u0000${letters}\u0000${piece}`;
  const known = pieces.get(key);
  if (known !== undefined) return known;
  const made = readPiece(piece, accents, letters);
  pieces.set(key, made);
  return made;
}

function readPiece(piece: string, accents: AccentRule, letters: string): PatternNode[] {
  const gap = GAPS[piece];
  if (gap !== undefined) return [{ kind: 'gap', max: gap }];
  const prefix = piece.endsWith('*');
  const text = prefix ? piece.slice(0, -1) : piece;
  const words = (written: string): WordNode[] => {
    const tokens = dangerTokens(normalizeDangerText(written));
    return tokens.map((t, i) => ({ kind: 'word', text: t.text, folded: t.folded, plain: t.plain, prefix: prefix && i === tokens.length - 1, accents, letters }));
  };
  if (!text.includes("'")) return words(text);
  return [choiceOf([words(text), words(text.replace(/'/g, ''))])];
}

/** From this many options a choice of phrases looks up which can begin at a token. */
const LONG_CHOICE = 4;

function choiceOf(options: PatternNode[][]): ChoiceNode {
  const single = options.map((option) => (option.length === 0 ? null : option.length === 1 && option[0]?.kind === 'word' ? option[0] : undefined));
  // One shape for every choice node (a property present or not would make two): the matcher's hot reads stay monomorphic.
  if (single.every((word) => word !== undefined)) return { kind: 'choice', options, single: new WordChoice(single), starts: undefined };
  const starts = options.length < LONG_CHOICE ? undefined : new OptionStarts(options.map((option) => (option[0]?.kind === 'word' ? option[0] : undefined)));
  return { kind: 'choice', options, single: undefined, starts };
}

/** The words a match can begin with (a term is looked up by them). */
export function firstWords(nodes: readonly PatternNode[]): WordNode[] {
  const out: WordNode[] = [];
  for (const node of nodes) {
    if (node.kind === 'word') return [...out, node];
    if (node.kind === 'gap') continue;
    let optional = false;
    for (const option of node.options) {
      const first = firstWords(option);
      out.push(...first);
      if (first.length === 0) optional = true;
    }
    if (!optional) return out;
  }
  return out;
}

/**
 * Words one of which every match must contain, besides its first: the first part after the first
 * that is a plain word or a choice of plain words. A message without any of them cannot match,
 * which spares trying most terms that begin with a common word ("my", "he"). Undefined when no
 * part qualifies.
 */
export function requiredWords(nodes: readonly PatternNode[]): ReadonlySet<string> | undefined {
  for (const node of nodes.slice(1)) {
    if (node.kind === 'gap') continue;
    if (node.kind === 'word') {
      if (!node.prefix) return new Set([node.folded]);
      continue;
    }
    const words = node.options.map((option) => (option.length === 1 && option[0]?.kind === 'word' && !option[0].prefix ? option[0].folded : undefined));
    if (words.every((w): w is string => w !== undefined)) return new Set(words);
  }
  return undefined;
}

/** Every word in the pattern, for the typo fixer's targets. */
export function allWords(nodes: readonly PatternNode[]): WordNode[] {
  return nodes.flatMap((node) => (node.kind === 'word' ? [node] : node.kind === 'gap' ? [] : node.options.flatMap(allWords)));
}

/**
 * The end (exclusive) of a match of `nodes[n..]` from token `i` followed by whatever `next`
 * accepts, or -1. Backtracks over choices and gaps; terms never cross a sentence.
 */
export function matchPattern(tokens: readonly DangerToken[], nodes: readonly PatternNode[], n: number, i: number, sentence: number, next: (i: number) => number): number {
  if (n === nodes.length) return next(i);
  const node = nodes[n] as PatternNode;
  if (node.kind === 'word') {
    const token = tokens[i];
    if (token === undefined || token.sentence !== sentence || !wordMatches(token, node)) return -1;
    return matchPattern(tokens, nodes, n + 1, i + 1, sentence, next);
  }
  if (node.kind === 'gap') {
    for (let skip = 0; skip <= node.max; skip++) {
      if (skip > 0 && tokens[i + skip - 1]?.sentence !== sentence) break;
      const end = matchPattern(tokens, nodes, n + 1, i + skip, sentence, next);
      if (end >= 0) return end;
    }
    return -1;
  }
  if (node.single !== undefined) return matchSingles(tokens, nodes, n, node.single, i, sentence, next);
  if (node.starts !== undefined) {
    // Only the options that can begin here, in their order: any other would fail at its first word.
    const token = tokens[i];
    for (const k of node.starts.candidates(token !== undefined && token.sentence === sentence ? token : undefined)) {
      const end = matchPattern(tokens, node.options[k] as PatternNode[], 0, i, sentence, (j) => matchPattern(tokens, nodes, n + 1, j, sentence, next));
      if (end >= 0) return end;
    }
    return -1;
  }
  for (const option of node.options) {
    const end = matchPattern(tokens, option, 0, i, sentence, (j) => matchPattern(tokens, nodes, n + 1, j, sentence, next));
    if (end >= 0) return end;
  }
  return -1;
}

/**
 * A choice of single words (and empty options) at token `i`: the same result as trying each
 * option in turn, but the rest of the pattern is matched at most once from `i + 1` (after any
 * option's word: all lead there) and once from `i` (after an empty option).
 */
function matchSingles(tokens: readonly DangerToken[], nodes: readonly PatternNode[], n: number, choice: WordChoice, i: number, sentence: number, next: (i: number) => number): number {
  const token = tokens[i];
  const onSentence = token !== undefined && token.sentence === sentence;
  if (choice.wordsFirst) {
    // Every word before every empty option: whether any word matches decides, not which.
    if (onSentence && choice.anyMatches(token)) {
      const end = matchPattern(tokens, nodes, n + 1, i + 1, sentence, next);
      if (end >= 0) return end;
    }
    return choice.hasEmpty ? matchPattern(tokens, nodes, n + 1, i, sentence, next) : -1;
  }
  let afterWord = -2;
  let afterNothing = -2;
  for (const word of choice.options) {
    if (word === null) {
      if (afterNothing === -2) afterNothing = matchPattern(tokens, nodes, n + 1, i, sentence, next);
      if (afterNothing >= 0) return afterNothing;
    } else if (onSentence && afterWord === -2 && wordMatches(token, word)) {
      afterWord = matchPattern(tokens, nodes, n + 1, i + 1, sentence, next);
      if (afterWord >= 0) return afterWord;
    }
  }
  return -1;
}
