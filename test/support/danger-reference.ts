/**
 * The danger model's feature extraction and term matching as first written: strings built for
 * every feature and hashed one by one, every option of a choice tried in turn. Kept for the tests
 * that prove the fast versions in src/faq/danger compute exactly the same (the shipped model's
 * weights are only valid for the same features, bit for bit).
 */
import type { FeatureSource, FeatureSpace, Features } from '../../src/faq/danger/danger-features.js';
import type { DangerToken } from '../../src/faq/danger/danger-text.js';
import type { PatternNode, WordNode } from '../../src/faq/danger/term-pattern.js';
import { withoutToneEmojis } from '../../src/faq/danger/tone-emojis.js';

function featureHash(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

const CHARACTER_SCRIPT = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Khmer}\p{Script=Lao}\p{Script=Myanmar}]$/u;
const MAX_CHARS = 1000;

export function referenceDangerFeatures(reading: FeatureSource, space: FeatureSpace): Features {
  const mask = 2 ** space.bits - 1;
  const acc = new Map<number, number>();
  const group = (names: readonly string[]) => {
    const distinct = new Set(names);
    if (distinct.size === 0) return;
    const value = 1 / Math.sqrt(distinct.size);
    for (const name of distinct) {
      const slot = featureHash(name) & mask;
      acc.set(slot, (acc.get(slot) ?? 0) + value);
    }
  };
  const tokens = withoutToneEmojis(reading.tokens);
  if (space.words) {
    const words: string[] = [];
    for (const token of tokens) {
      words.push(`w${token.folded}`);
      if (token.bare !== undefined) for (const bare of token.bare) words.push(`w${bare}`);
      if (token.variants !== undefined) for (const variant of token.variants) words.push(`w${variant}`);
    }
    group(words);
  }
  if (space.bigrams) {
    const bigrams: string[] = [];
    for (let i = 1; i < tokens.length; i++) {
      const a = tokens[i - 1];
      const b = tokens[i];
      if (a !== undefined && b !== undefined && a.sentence === b.sentence) bigrams.push(`b${a.folded} ${b.folded}`);
    }
    group(bigrams);
  }
  if (space.charMax >= space.charMin) {
    const pieces: string[] = [];
    let length = 0;
    let previousJoins = false;
    for (const token of tokens) {
      const joins = CHARACTER_SCRIPT.test(token.folded);
      pieces.push(joins && previousJoins ? token.folded : ` ${token.folded}`);
      previousJoins = joins;
      length += token.folded.length + 1;
      if (length > MAX_CHARS) break;
    }
    const chars = [...`${pieces.join('')} `];
    const grams: string[] = [];
    for (let n = space.charMin; n <= space.charMax; n++) for (let i = 0; i + n <= chars.length; i++) grams.push(`c${chars.slice(i, i + n).join('')}`);
    group(grams);
  }
  if ((space.skeletonMax ?? 0) >= (space.skeletonMin ?? 1)) {
    const skeletons: string[] = [];
    let length = 0;
    for (const token of tokens) {
      for (const v of token.variants ?? []) {
        if (!v.startsWith('~')) continue;
        skeletons.push(v.slice(1));
        length += v.length;
      }
      if (length > MAX_CHARS) break;
    }
    if (skeletons.length > 0) {
      const chars = [...` ${skeletons.join(' ')} `];
      const grams: string[] = [];
      for (let n = space.skeletonMin ?? 1; n <= (space.skeletonMax ?? 0); n++) for (let i = 0; i + n <= chars.length; i++) grams.push(`s${chars.slice(i, i + n).join('')}`);
      group(grams);
    }
  }
  if (space.lexicon) {
    const add = (name: string) => {
      const slot = featureHash(name) & mask;
      acc.set(slot, (acc.get(slot) ?? 0) + 1);
    };
    const seen = new Set<string>();
    for (const m of reading.matches) {
      for (const name of [`l${m.term.concept}`, `l${m.term.concept}:${m.term.kind ?? ''}`]) {
        if (seen.has(name)) continue;
        seen.add(name);
        add(name);
      }
    }
    const { evidence, doubt, tier } = reading.composed;
    add(`le${evidence}`);
    add(`ld${Math.min(doubt, 4)}`);
    add(`le${evidence}d${Math.min(doubt, 4)}`);
    add(`lt${tier}`);
    if (reading.composed.alarm) add('lalarm');
  }
  const slots = new Uint32Array([...acc.keys()].sort((a, b) => a - b));
  const values = new Float32Array(slots.length);
  slots.forEach((slot, i) => (values[i] = acc.get(slot) as number));
  return { slots, values };
}

function wordMatches(token: DangerToken, word: WordNode): boolean {
  if (word.prefix ? token.text.startsWith(word.text) : token.text === word.text) return true;
  if (token.bare !== undefined && token.bare.some((bare) => (word.prefix ? bare.startsWith(word.text) : bare === word.text))) return true;
  if (!(word.prefix ? token.folded.startsWith(word.folded) : token.folded === word.folded)) return false;
  if (word.accents === 'significant') return token.messagePlain;
  return word.accents === 'optional' && (token.plain || (word.plain && accentedWith(token.text, word.letters)));
}

function accentedWith(text: string, letters: string): boolean {
  for (const char of text) if (char > '\u007f' && !letters.includes(char)) return false;
  return true;
}

/** Every option of every choice tried in turn, whatever lookup tables the nodes carry. */
export function referenceMatchPattern(tokens: readonly DangerToken[], nodes: readonly PatternNode[], n: number, i: number, sentence: number, next: (i: number) => number): number {
  if (n === nodes.length) return next(i);
  const node = nodes[n] as PatternNode;
  if (node.kind === 'word') {
    const token = tokens[i];
    if (token === undefined || token.sentence !== sentence || !wordMatches(token, node)) return -1;
    return referenceMatchPattern(tokens, nodes, n + 1, i + 1, sentence, next);
  }
  if (node.kind === 'gap') {
    for (let skip = 0; skip <= node.max; skip++) {
      if (skip > 0 && tokens[i + skip - 1]?.sentence !== sentence) break;
      const end = referenceMatchPattern(tokens, nodes, n + 1, i + skip, sentence, next);
      if (end >= 0) return end;
    }
    return -1;
  }
  for (const option of node.options) {
    const end = referenceMatchPattern(tokens, option, 0, i, sentence, (j) => referenceMatchPattern(tokens, nodes, n + 1, j, sentence, next));
    if (end >= 0) return end;
  }
  return -1;
}
