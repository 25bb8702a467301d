import type { AccentRule } from './danger-lexicon.js';
import { dangerTokens, normalizeDangerText, type DangerToken } from './danger-text.js';

/**
 * A compiled lexicon term: words (or a word's beginning, "bleed*"), gaps ("~" up to three words,
 * "~~" up to six) and choices ("(my|our|)", nested freely; an empty choice makes a part optional).
 */
export type PatternNode = WordNode | { kind: 'gap'; max: number } | { kind: 'choice'; options: PatternNode[][] };
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

/** Parses a term as written in a lexicon file; throws with a short reason when it is malformed. */
export function parseTermPattern(source: string, accents: AccentRule = 'optional', letters = ''): PatternNode[] {
  let at = 0;
  const sequence = (depth: number): PatternNode[] => {
    const nodes: PatternNode[] = [];
    let piece = '';
    const flush = () => {
      if (piece.length > 0) nodes.push(...wordNodes(piece, accents, letters));
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
        nodes.push({ kind: 'choice', options });
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

/** Pieces repeat across thousands of terms ("(my|our|the)"): each is read once. */
const pieces = new Map<string, PatternNode[]>();

/** One written piece → word nodes; "can't" also stands for "cant", as people type it. */
function wordNodes(piece: string, accents: AccentRule, letters: string): PatternNode[] {
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
  return [{ kind: 'choice', options: [words(text), words(text.replace(/'/g, ''))] }];
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

/** A token matches a word exactly, or by its folded form when the language's accent rule allows. */
function wordMatches(token: DangerToken, word: WordNode): boolean {
  if (word.prefix ? token.text.startsWith(word.text) : token.text === word.text) return true;
  if (token.bare !== undefined && token.bare.some((bare) => (word.prefix ? bare.startsWith(word.text) : bare === word.text))) return true;
  if (!(word.prefix ? token.folded.startsWith(word.folded) : token.folded === word.folded)) return false;
  if (word.accents === 'significant') return token.messagePlain;
  // A word typed without accents may stand for the accented one; an accented word matches a term
  // written without them only with the language's own accents (French "sang" is not Vietnamese "sáng").
  return word.accents === 'optional' && (token.plain || (word.plain && accentedWith(token.text, word.letters)));
}

function accentedWith(text: string, letters: string): boolean {
  for (const char of text) if (char > '\u007f' && !letters.includes(char)) return false;
  return true;
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
  for (const option of node.options) {
    const end = matchPattern(tokens, option, 0, i, sentence, (j) => matchPattern(tokens, nodes, n + 1, j, sentence, next));
    if (end >= 0) return end;
  }
  return -1;
}
