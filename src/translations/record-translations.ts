import { AppError } from '../domain/errors.js';
import { sourceHashOf } from './review-state.js';
import { textHash } from './text-hash.js';
import type { LedgerEntry } from './translation-ledger.js';
import type { Translations } from './translations.js';

export interface RecordRequest {
  language: string;
  /** Who wrote (draft) or reviewed the texts. */
  by: string;
  status: LedgerEntry['status'];
  /** ISO date. */
  at: string;
  /** The texts to record; default: every text of the language not reviewed as it stands now. */
  keys?: readonly string[];
}

/**
 * The ledger of a language with these texts recorded as they stand now: against the English
 * they translate (its hash) and as written (their own hash). A reviewed text is left as it is
 * unless named: recording drafts never downgrades a review.
 */
export function recordTranslations(translations: Translations, request: RecordRequest): { entries: Map<string, LedgerEntry>; recorded: string[] } {
  const entries = translations.ledgerOf(request.language);
  const rows = translations.list({ language: request.language });
  const known = new Map(rows.map((row) => [row.key, row]));
  for (const key of request.keys ?? []) if (!known.has(key)) throw new AppError('NOT_FOUND', `no ${request.language} text "${key}"`);
  const chosen = request.keys === undefined ? rows.filter((row) => row.status !== 'reviewed') : rows.filter((row) => request.keys?.includes(row.key));
  const recorded: string[] = [];
  for (const row of chosen) {
    if (row.text === undefined || row.status === 'source') continue;
    entries.set(row.key, { status: request.status, by: request.by, at: request.at, source: sourceHashOf(row.english), text: textHash(row.text) });
    recorded.push(row.key);
  }
  return { entries, recorded };
}
