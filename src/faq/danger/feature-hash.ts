/**
 * FNV-1a over a string's UTF-16 code units, 32 bits: a feature's slot in the model's weight
 * table. Stable across runs and machines (no seed), so a model trained once reads the same slots
 * everywhere.
 */
export function featureHash(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
