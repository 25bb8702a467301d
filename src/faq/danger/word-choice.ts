import type { DangerToken } from './danger-text.js';
import type { WordNode } from './term-pattern.js';

/** A token matches a word exactly, or by its folded form when the language's accent rule allows. */
export function wordMatches(token: DangerToken, word: WordNode): boolean {
  if (word.prefix ? token.text.startsWith(word.text) : token.text === word.text) return true;
  if (token.bare !== undefined && token.bare.some((bare) => (word.prefix ? bare.startsWith(word.text) : bare === word.text))) return true;
  if (!(word.prefix ? token.folded.startsWith(word.folded) : token.folded === word.folded)) return false;
  return accentRuleAllows(token, word);
}

/** With the folded forms equal: whether the word's accent rule lets the token stand for it. */
function accentRuleAllows(token: DangerToken, word: WordNode): boolean {
  if (word.accents === 'significant') return token.messagePlain;
  // A word typed without accents may stand for the accented one; an accented word matches a term
  // written without them only with the language's own accents (French "sang" is not Vietnamese "sáng").
  return word.accents === 'optional' && (token.plain || (word.plain && accentedWith(token.text, word.letters)));
}

function accentedWith(text: string, letters: string): boolean {
  for (const char of text) if (char > '\u007f' && !letters.includes(char)) return false;
  return true;
}

/** Below this many words a choice is tried word by word; above, through its lookup tables. */
const LOOKUP_FROM = 4;

/**
 * A choice whose options are single words or empty ("(mom|dad|grandma|…|)"). Whether any of its
 * words matches a token is a few map reads (built on first use, so only choices messages reach
 * cost memory), not a comparison with each of dozens of words at every position a gap allows.
 */
export class WordChoice {
  /** Every empty option comes after every word (or there is none): then any word matching decides, not which one. */
  readonly wordsFirst: boolean;
  readonly hasEmpty: boolean;
  private tables: { texts: Set<string>; byFolded: Map<string, WordNode[]>; prefixed: WordNode[] } | undefined;

  constructor(readonly options: readonly (WordNode | null)[]) {
    const firstEmpty = options.indexOf(null);
    this.hasEmpty = firstEmpty >= 0;
    this.wordsFirst = !this.hasEmpty || options.slice(firstEmpty).every((option) => option === null);
  }

  /** Whether `wordMatches(token, word)` holds for any word of the choice. */
  anyMatches(token: DangerToken): boolean {
    if (this.options.length < LOOKUP_FROM) {
      for (const word of this.options) if (word !== null && wordMatches(token, word)) return true;
      return false;
    }
    const { texts, byFolded, prefixed } = this.tables ?? this.build();
    if (texts.has(token.text)) return true;
    if (token.bare !== undefined) for (const bare of token.bare) if (texts.has(bare)) return true;
    const sameFolded = byFolded.get(token.folded);
    if (sameFolded !== undefined) for (const word of sameFolded) if (accentRuleAllows(token, word)) return true;
    for (const word of prefixed) if (wordMatches(token, word)) return true;
    return false;
  }

  private build(): NonNullable<WordChoice['tables']> {
    const tables = { texts: new Set<string>(), byFolded: new Map<string, WordNode[]>(), prefixed: [] as WordNode[] };
    for (const word of this.options) {
      if (word === null) continue;
      if (word.prefix) {
        tables.prefixed.push(word);
        continue;
      }
      tables.texts.add(word.text);
      const list = tables.byFolded.get(word.folded);
      if (list === undefined) tables.byFolded.set(word.folded, [word]);
      else list.push(word);
    }
    this.tables = tables;
    return tables;
  }
}

/** Sorts a handful of option numbers in place (insertion: no comparator calls) and drops repeats. */
function ascendingDistinct(list: number[]): number[] {
  let kept = 0;
  for (let i = 0; i < list.length; i++) {
    const item = list[i] as number;
    let j = kept - 1;
    while (j >= 0 && (list[j] as number) > item) j--;
    if (j >= 0 && list[j] === item) continue;
    for (let k = kept; k > j + 1; k--) list[k] = list[k - 1] as number;
    list[j + 1] = item;
    kept++;
  }
  list.length = kept;
  return list;
}

function pushAll(into: number[], list: readonly number[] | undefined): void {
  if (list !== undefined) for (const item of list) into.push(item);
}

/**
 * The options of a long choice by the word each begins with ("(traffic|cars|my car|…)"), so at a
 * token only the options that can begin there are tried, in their order; an option that begins
 * with anything but a word (a gap, a choice) is always tried. Built on first use.
 */
export class OptionStarts {
  private tables: { texts: Map<string, number[]>; byFolded: Map<string, { word: WordNode; option: number }[]>; prefixed: { word: WordNode; option: number }[]; always: number[] } | undefined;

  constructor(private readonly firsts: readonly (WordNode | undefined)[]) {}

  /** Indexes of the options that can match from `token` (undefined or off the sentence: none can begin with a word), ascending. */
  candidates(token: DangerToken | undefined): number[] {
    const { texts, byFolded, prefixed, always } = this.tables ?? this.build();
    if (token === undefined) return always;
    const found: number[] = always.length === 0 ? [] : always.slice();
    pushAll(found, texts.get(token.text));
    if (token.bare !== undefined) for (const bare of token.bare) pushAll(found, texts.get(bare));
    const sameFolded = byFolded.get(token.folded);
    if (sameFolded !== undefined) for (const { word, option } of sameFolded) if (accentRuleAllows(token, word)) found.push(option);
    for (const { word, option } of prefixed) if (wordMatches(token, word)) found.push(option);
    return ascendingDistinct(found);
  }

  private build(): NonNullable<OptionStarts['tables']> {
    const tables: NonNullable<OptionStarts['tables']> = { texts: new Map(), byFolded: new Map(), prefixed: [], always: [] };
    this.firsts.forEach((word, option) => {
      if (word === undefined) return tables.always.push(option);
      if (word.prefix) return tables.prefixed.push({ word, option });
      const sameText = tables.texts.get(word.text);
      if (sameText === undefined) tables.texts.set(word.text, [option]);
      else sameText.push(option);
      const sameFolded = tables.byFolded.get(word.folded);
      if (sameFolded === undefined) tables.byFolded.set(word.folded, [{ word, option }]);
      else sameFolded.push({ word, option });
    });
    this.tables = tables;
    return tables;
  }
}
