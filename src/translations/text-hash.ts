import { createHash } from 'node:crypto';

/**
 * A short fingerprint of a text (trimmed): the ledger records the English text a translation was
 * made from and the translation itself by these, so a changed English text marks its
 * translations stale and an edited translation shows it was changed after its review.
 */
export function textHash(text: string): string {
  return createHash('sha256').update(text.trim()).digest('hex').slice(0, 12);
}
