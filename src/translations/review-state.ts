import type { LedgerEntry } from './translation-ledger.js';
import { textHash } from './text-hash.js';

/**
 * Where one text of one language stands:
 * - `source`: the source language's own text (English): nothing to review;
 * - `reviewed`: a person approved this exact text against this exact English;
 * - `draft`: written (by the team, or a machine) and recorded, not yet reviewed;
 * - `stale`: the English changed since the translation was recorded or reviewed;
 * - `changed`: the translation itself changed since it was recorded (its review no longer counts);
 * - `unrecorded`: a translation with no ledger entry at all;
 * - `missing`: no text in this language.
 */
export type ReviewStatus = 'source' | 'reviewed' | 'draft' | 'stale' | 'changed' | 'unrecorded' | 'missing';

export const REVIEW_STATUSES: readonly ReviewStatus[] = ['source', 'reviewed', 'draft', 'stale', 'changed', 'unrecorded', 'missing'];

/** Statuses of a text that exists but no person has approved as it stands. */
export const UNREVIEWED: readonly ReviewStatus[] = ['draft', 'stale', 'changed', 'unrecorded'];

/** A review made in a running service (console or CLI), kept in the store: newer than any file. */
export interface OverlayEntry {
  language: string;
  key: string;
  status: 'reviewed';
  /** The actor: `user:maria`. */
  by: string;
  /** Epoch milliseconds. */
  at: number;
  /** Hashes of the English and of the approved text, as in the ledger. */
  source: string;
  text: string;
  /** A reviewer's edit: the text now used, and the hash of the shipped text it replaced. */
  edited?: { text: string; replaces: string };
}

export interface ReviewInput {
  /** The source language's text of this key (undefined: it has none, e.g. day names). */
  english: string | undefined;
  /** The text in use now (a live edit, or the shipped one); undefined when missing. */
  current: string | undefined;
  /** The shipped text (what an edit replaced). */
  shipped: string | undefined;
  isSource: boolean;
  ledger: LedgerEntry | undefined;
  overlay: OverlayEntry | undefined;
}

export interface ReviewRecord {
  status: ReviewStatus;
  by?: string;
  /** ISO date or time of the record behind the status. */
  at?: string;
  /** Whether the text in use is a reviewer's edit. */
  edited: boolean;
}

/** Hash of the source text, `-` when the source language has no such text. */
export function sourceHashOf(english: string | undefined): string {
  return english === undefined ? '-' : textHash(english);
}

/** Whether an edit still applies: it replaced the text that is shipped now (not an older one). */
export function editApplies(overlay: OverlayEntry | undefined, shipped: string | undefined): boolean {
  return overlay?.edited !== undefined && shipped !== undefined && overlay.edited.replaces === textHash(shipped);
}

/** The status of one text from its texts, the ledger and the runtime reviews. */
export function reviewStatus(input: ReviewInput): ReviewRecord {
  if (input.current === undefined) return { status: 'missing', edited: false };
  if (input.isSource) return { status: 'source', edited: false };
  // A review made for an older shipped text no longer speaks for this one: the file's record does.
  const overlay = input.overlay !== undefined && (input.overlay.edited === undefined || editApplies(input.overlay, input.shipped)) ? input.overlay : undefined;
  const edited = overlay?.edited !== undefined;
  const record = overlay !== undefined ? { status: overlay.status, by: overlay.by, at: new Date(overlay.at).toISOString(), source: overlay.source, text: overlay.text } : input.ledger;
  if (record === undefined) return { status: 'unrecorded', edited };
  const base = { by: record.by, at: record.at, edited };
  if (record.source !== sourceHashOf(input.english)) return { status: 'stale', ...base };
  if (record.text !== textHash(input.current)) return { status: 'changed', ...base };
  return { status: record.status, ...base };
}
