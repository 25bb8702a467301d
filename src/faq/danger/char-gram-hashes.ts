import { FEATURE_HASH_START, featureHashFrom, featureHashStep } from './feature-hash.js';

/** The distinct character n-grams of a text, as hashes (see `charGramHashes`). */
export interface CharGramHashes {
  /** `featureHash(prefix + gram)` of each distinct gram, in order of first appearance; read `count` of them. */
  hashes: Uint32Array;
  count: number;
}

/** Scratch space reused from message to message (a process reads one message at a time). */
let starts = new Int32Array(1024);
let gramHashes = new Uint32Array(4096);
let gramStarts = new Int32Array(4096);
let gramEnds = new Int32Array(4096);
let table = new Int32Array(8192);

const grow = <T extends Int32Array | Uint32Array>(array: T, needed: number, make: (n: number) => T): T => (array.length >= needed ? array : make(2 ** Math.ceil(Math.log2(needed))));

/**
 * The same features as hashing `prefix + gram` for every distinct string `gram` of `min` to `max`
 * code points of `text` (as `[...text].slice(i, i + n).join('')` reads them), without building any
 * of those strings: each start is hashed once, one code point at a time, and a gram counts once
 * however often it occurs (compared by its code units when two hashes agree, so distinct grams
 * are never merged). The result is only valid until the next call.
 */
export function charGramHashes(text: string, min: number, max: number, prefix: string): CharGramHashes {
  // Code point boundaries: a surrogate pair is one character, a lone surrogate one too.
  starts = grow(starts, text.length + 1, (n) => new Int32Array(n));
  let points = 0;
  for (let u = 0; u < text.length; u++) {
    starts[points++] = u;
    const unit = text.charCodeAt(u);
    if (unit >= 0xd800 && unit <= 0xdbff && u + 1 < text.length) {
      const next = text.charCodeAt(u + 1);
      if (next >= 0xdc00 && next <= 0xdfff) u++;
    }
  }
  starts[points] = text.length;
  const lengths = Math.max(0, max - min + 1);
  const most = points * lengths;
  gramHashes = grow(gramHashes, most, (n) => new Uint32Array(n));
  gramStarts = grow(gramStarts, most, (n) => new Int32Array(n));
  gramEnds = grow(gramEnds, most, (n) => new Int32Array(n));
  table = grow(table, 2 * most + 2, (n) => new Int32Array(n));
  const size = 2 ** Math.ceil(Math.log2(2 * most + 2));
  const mask = size - 1;
  table.fill(0, 0, size);
  const seed = featureHashFrom(FEATURE_HASH_START, prefix);
  let count = 0;
  for (let i = 0; i < points; i++) {
    let state = seed;
    let unit = starts[i] as number;
    for (let n = 1; n <= max && i + n <= points; n++) {
      const end = starts[i + n] as number;
      for (; unit < end; unit++) state = featureHashStep(state, text.charCodeAt(unit));
      if (n < min) continue;
      const hash = state >>> 0;
      const begin = starts[i] as number;
      let at = hash & mask;
      for (;;) {
        const entry = table[at] as number;
        if (entry === 0) {
          gramHashes[count] = hash;
          gramStarts[count] = begin;
          gramEnds[count] = end;
          count++;
          table[at] = count;
          break;
        }
        const other = entry - 1;
        if (gramHashes[other] === hash && sameUnits(text, gramStarts[other] as number, gramEnds[other] as number, begin, end)) break;
        at = (at + 1) & mask;
      }
    }
  }
  return { hashes: gramHashes, count };
}

function sameUnits(text: string, aStart: number, aEnd: number, bStart: number, bEnd: number): boolean {
  if (aEnd - aStart !== bEnd - bStart) return false;
  for (let k = 0; k < aEnd - aStart; k++) if (text.charCodeAt(aStart + k) !== text.charCodeAt(bStart + k)) return false;
  return true;
}
