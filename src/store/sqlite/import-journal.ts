import fs from 'node:fs';
import path from 'node:path';
import type { AuditEntry } from '../../domain/audit.js';
import { Journal } from '../memory/journal.js';
import { MemoryStore } from '../memory/memory-store.js';
import type { SqliteStore } from './sqlite-store.js';

export interface JournalImport {
  posts: number;
  docs: number;
  audit: number;
  /** Where the journal files went: they are kept, renamed, until someone deletes them. */
  keptAs: string[];
}

const STATE_FILE = 'state.jsonl';
const AUDIT_FILE = 'audit.jsonl';

/**
 * Moves a state directory written by the journal store (before SQLite, ADR 0002) into the SQLite
 * store, once: the whole journal in one transaction, then the files renamed to `*.imported`, so
 * a crash in between imports nothing twice (the store remembers the import) and loses nothing.
 */
export function importJournal(stateDir: string, store: SqliteStore, now: number): JournalImport | undefined {
  const stateFile = path.join(stateDir, STATE_FILE);
  if (!fs.existsSync(stateFile)) return undefined;
  let report: JournalImport = { posts: 0, docs: 0, audit: 0, keptAs: [] };
  if (!store.hasImportedJournal()) {
    const legacy = new MemoryStore({ stateDir, readOnly: true });
    const state = legacy.exportState();
    const audit: AuditEntry[] = [];
    new Journal(path.join(stateDir, AUDIT_FILE)).replay((entry) => audit.push(entry as AuditEntry));
    store.importState(state, audit, now);
    report = { posts: state.posts.length, docs: state.docs.length, audit: audit.length, keptAs: [] };
  }
  for (const name of [STATE_FILE, AUDIT_FILE]) {
    const file = path.join(stateDir, name);
    if (!fs.existsSync(file)) continue;
    const kept = `${file}.imported`;
    fs.renameSync(file, kept);
    report.keptAs.push(kept);
  }
  return report;
}
