import { AppError } from '../domain/errors.js';
import { kindOf, type PublicTexts, type TextKind } from '../languages/public-texts.js';
import type { Store } from '../store/store.js';
import { editApplies, REVIEW_STATUSES, reviewStatus, sourceHashOf, UNREVIEWED, type OverlayEntry, type ReviewRecord, type ReviewStatus } from './review-state.js';
import { textHash } from './text-hash.js';
import type { LedgerEntry } from './translation-ledger.js';

/** The store collection of reviews made while the service runs. */
export const OVERLAY_COLLECTION = 'translations';

/** One text of one language, as `civicast translations list` and the review page show it. */
export interface TranslationRow extends ReviewRecord {
  language: string;
  key: string;
  file?: string;
  path?: string;
  text?: string;
  english?: string;
}

export interface TranslationsOptions {
  texts: PublicTexts;
  sourceLanguage: string;
  /** Every language with public texts: the served ones, and the unserved ones with interpreter replies. */
  languages: readonly string[];
  /** The keys a language must have (its templates, titles, labels, facts...). */
  expectedKeys: (language: string) => readonly string[];
  ledgers: ReadonlyMap<string, ReadonlyMap<string, LedgerEntry>>;
  /** Records a text's own file keeps (a FAQ file's `review:` field), used when the ledger has no entry. */
  fileRecords?: ReadonlyMap<string, ReadonlyMap<string, LedgerEntry>>;
  sendUnreviewed: boolean;
  /** Checks an edited text of a kind (renders, fits every platform); throws AppError with the reason. */
  checkEdit: Partial<Record<TextKind, (language: string, key: string, text: string) => void>>;
}

export interface ReviewRequest {
  language: string;
  key: string;
  /** The reviewer, as the audit log names them: `user:maria`. */
  by: string;
  at: number;
  /** A corrected text to use from now on; without it, the text as it stands is approved. */
  text?: string;
}

/**
 * The provenance of every translated public text: the shipped ledger (`translations/<lang>.yaml`)
 * and the reviews made while the service runs (kept in the store, applied live on every
 * instance at its next refresh). Answers which texts may go out (`withheldReason`) and counts
 * what is left to review, per language.
 */
export class Translations {
  private overlay = new Map<string, OverlayEntry>();
  private store: Store | undefined;
  /** States computed since the last change: every page, post and scrape asks for the same ones. */
  private readonly states = new Map<string, TranslationRow>();
  /** Counts the reviews read or made: what renders cached a text's review check against. */
  private changes = 0;

  constructor(private readonly options: TranslationsOptions) {}

  get sendUnreviewed(): boolean {
    return this.options.sendUnreviewed;
  }

  languages(): readonly string[] {
    return this.options.languages;
  }

  /** Whether texts of this kind may be corrected while running (`review` with a text); the others change in their files. */
  editable(kind: TextKind): boolean {
    return this.options.checkEdit[kind] !== undefined;
  }

  /** Reads reviews made while the service runs from now on (and every `refresh`). */
  async attach(store: Store): Promise<void> {
    this.store = store;
    await this.refresh();
  }

  /** Re-reads the reviews in the store: another instance's approval or edit applies here too. */
  async refresh(): Promise<void> {
    if (this.store === undefined) return;
    this.adopt(await this.store.listDocs<OverlayEntry>(OVERLAY_COLLECTION));
  }

  /** The reviews made while running, as the store keeps them (`civicast ask` reads a running service's). */
  reviews(): OverlayEntry[] {
    return [...this.overlay.values()];
  }

  /** Uses these reviews (and their corrections) instead of the ones held now: what `refresh` read, or a running service's. */
  adopt(entries: readonly OverlayEntry[]): void {
    const next = new Map(entries.map((entry) => [id(entry.language, entry.key), entry]));
    for (const entry of next.values()) this.applyEdit(entry);
    for (const [at, entry] of this.overlay) if (!next.has(at)) this.options.texts.dropEdit(entry.language, entry.key);
    this.overlay = next;
    this.states.clear();
    this.changes++;
  }

  /** Changes whenever reviews are read or made: a render cached before a different revision may be stale. */
  revision(): number {
    return this.changes;
  }

  state(language: string, key: string): TranslationRow {
    const at = id(language, key);
    let row = this.states.get(at);
    if (row === undefined) this.states.set(at, (row = this.computeState(language, key)));
    return row;
  }

  private computeState(language: string, key: string): TranslationRow {
    const { texts, sourceLanguage } = this.options;
    const shipped = texts.shippedText(language, key);
    const english = texts.text(sourceLanguage, key);
    const current = texts.text(language, key);
    const record = reviewStatus({ english, current, shipped: shipped?.text, isSource: language === sourceLanguage, ledger: this.options.ledgers.get(language)?.get(key) ?? this.options.fileRecords?.get(language)?.get(key), overlay: this.overlay.get(id(language, key)) });
    return {
      language,
      key,
      ...record,
      ...(shipped === undefined ? {} : { file: shipped.file, ...(shipped.path === undefined ? {} : { path: shipped.path }) }),
      ...(current === undefined ? {} : { text: current }),
      ...(english === undefined ? {} : { english }),
    };
  }

  /** Every expected text, filtered by language, status and kind. */
  list(filter: { language?: string; status?: ReviewStatus | 'unreviewed'; kind?: TextKind } = {}): TranslationRow[] {
    const rows: TranslationRow[] = [];
    for (const language of this.options.languages) {
      if (filter.language !== undefined && filter.language !== language) continue;
      for (const key of this.options.expectedKeys(language)) {
        if (filter.kind !== undefined && kindOf(key) !== filter.kind) continue;
        const row = this.state(language, key);
        if (filter.status === 'unreviewed' ? UNREVIEWED.includes(row.status) : filter.status === undefined || row.status === filter.status) rows.push(row);
      }
    }
    return rows;
  }

  /** Per language, how many texts are in each status. */
  summary(): Record<string, Record<ReviewStatus, number>> {
    const out: Record<string, Record<ReviewStatus, number>> = {};
    for (const language of this.options.languages) {
      const counts = Object.fromEntries(REVIEW_STATUSES.map((s) => [s, 0])) as Record<ReviewStatus, number>;
      for (const key of this.options.expectedKeys(language)) counts[this.state(language, key).status]++;
      out[language] = counts;
    }
    return out;
  }

  /**
   * Why these texts of `language` may not go out now, or undefined when they may: a missing
   * text never goes out; an unreviewed one only while `sendUnreviewed` is on.
   */
  withheldReason(language: string, keys: readonly string[]): string | undefined {
    for (const key of keys) {
      const { status } = this.state(language, key);
      if (status === 'missing') return `${key} has no ${language} text`;
      if (!this.options.sendUnreviewed && UNREVIEWED.includes(status)) return `${key} (${language}) is ${status}, not reviewed, and city.translations.sendUnreviewed is off`;
    }
    return undefined;
  }

  /**
   * A reviewer approves a text as it stands, or replaces it with a corrected one that is used
   * from now on. The one place a review takes effect; the staff command around it audits it.
   */
  async review(request: ReviewRequest): Promise<TranslationRow> {
    const { texts, sourceLanguage } = this.options;
    const { language, key } = request;
    if (this.store === undefined) throw new AppError('CONFLICT', 'translations are not attached to a store in this process');
    if (!this.options.languages.includes(language)) throw new AppError('INVALID_INPUT', `"${language}" has no public texts (languages: ${this.options.languages.join(', ')})`);
    if (language === sourceLanguage) throw new AppError('INVALID_INPUT', `${language} is the source language: its texts change in their files, and their translations then show as stale`);
    if (!this.options.expectedKeys(language).includes(key) || !texts.has(language, key)) throw new AppError('NOT_FOUND', `no ${language} text "${key}" (civicast translations list --language ${language})`);
    const shipped = texts.shippedText(language, key)?.text ?? '';
    let edited: OverlayEntry['edited'];
    if (request.text !== undefined) {
      const check = this.options.checkEdit[kindOf(key)];
      const where = texts.shippedText(language, key);
      if (check === undefined) throw new AppError('INVALID_INPUT', `${kindOf(key)} texts are approved here but not edited here: change ${where?.file ?? 'their file'}${where?.path === undefined ? '' : ` (${where.path})`} and restart`);
      check(language, key, request.text);
      edited = { text: request.text, replaces: textHash(shipped) };
    } else {
      const previous = this.overlay.get(id(language, key));
      // Approving an edited text keeps the edit in use.
      if (editApplies(previous, shipped)) edited = previous?.edited;
    }
    const current = edited?.text ?? shipped;
    const entry: OverlayEntry = { language, key, status: 'reviewed', by: request.by, at: request.at, source: sourceHashOf(texts.text(sourceLanguage, key)), text: textHash(current), ...(edited === undefined ? {} : { edited }) };
    await this.store.putDoc(OVERLAY_COLLECTION, id(language, key), entry);
    this.overlay.set(id(language, key), entry);
    this.applyEdit(entry);
    this.states.clear();
    this.changes++;
    return this.state(language, key);
  }

  /** The records to write into `translations/<language>.yaml` (the ledger plus the reviews made since). */
  ledgerOf(language: string): Map<string, LedgerEntry> {
    const out = new Map(this.options.ledgers.get(language) ?? []);
    for (const entry of this.overlay.values()) {
      if (entry.language !== language || (entry.edited !== undefined && !editApplies(entry, this.options.texts.shippedText(language, entry.key)?.text))) continue;
      out.set(entry.key, { status: entry.status, by: entry.by, at: new Date(entry.at).toISOString(), source: entry.source, text: entry.text, ...(entry.edited === undefined ? {} : { note: 'edited in the console: copy the text into its file' }) });
    }
    return out;
  }

  private applyEdit(entry: OverlayEntry): void {
    const { texts } = this.options;
    if (editApplies(entry, texts.shippedText(entry.language, entry.key)?.text)) texts.edit(entry.language, entry.key, entry.edited?.text ?? '');
    else texts.dropEdit(entry.language, entry.key);
  }
}

function id(language: string, key: string): string {
  return `${language}:${key}`;
}
