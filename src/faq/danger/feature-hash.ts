/** FNV-1a's starting state (32 bits). */
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/**
 * FNV-1a over a string's UTF-16 code units, 32 bits: a feature's slot in the model's weight
 * table. Stable across runs and machines (no seed), so a model trained once reads the same slots
 * everywhere.
 */
export function featureHash(text: string): number {
  return featureHashFrom(FNV_OFFSET, text) >>> 0;
}

/**
 * The hash state after `text`, starting from `state` (a previous state, or FNV's start): hashing a
 * prefix once and every name that begins with it from there gives `featureHash(prefix + rest)`
 * without building the string. Take `>>> 0` of the final state for the hash.
 */
export function featureHashFrom(state: number, text: string): number {
  let hash = state;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, FNV_PRIME);
  }
  return hash;
}

/** One more code unit into a hash state (see `featureHashFrom`). */
export function featureHashStep(state: number, codeUnit: number): number {
  return Math.imul(state ^ codeUnit, FNV_PRIME);
}

/** FNV's starting state, for `featureHashFrom`. */
export const FEATURE_HASH_START = FNV_OFFSET;
