import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FuzzDoc, MutationKind } from './mutators.js';
import type { ParseOutcome } from './parse-outcome.js';

/** A document without its body (bodies can be MB; they are written to disk only when they fail). */
export type DocMeta = Omit<FuzzDoc, 'body'> & { bytes: number };

export const metaOf = (doc: FuzzDoc): DocMeta => ({ index: doc.index, kind: doc.kind, format: doc.format, seed: doc.seed, note: doc.note, contentType: doc.contentType, bytes: doc.body.length });

export const describeDoc = (m: DocMeta): string => `#${m.index} ${m.kind} [${m.format}] seed="${m.seed}" ${m.note} (${m.bytes} bytes)`;

/** Keeps a few failing documents on disk so a failure can be replayed by hand. */
export class FailureArchive {
  readonly dir: string;
  private written = 0;

  constructor(seed: number) {
    this.dir = path.join(os.tmpdir(), `civicast-feed-fuzz-${seed}`);
  }

  keep(doc: FuzzDoc, reason: string): string | undefined {
    if (this.written >= 40) return undefined;
    fs.mkdirSync(this.dir, { recursive: true });
    const file = path.join(this.dir, `doc-${doc.index}-${doc.kind}.${doc.format === 'nws-json' || doc.format === 'json' ? 'json' : 'xml'}`);
    fs.writeFileSync(file, doc.body);
    fs.writeFileSync(`${file}.txt`, `${describeDoc(metaOf(doc))}\n${reason}\n`);
    this.written++;
    return file;
  }
}

export interface Row {
  docs: number;
  items: number;
  refused: number;
  hang: number;
  crash: number;
  totalMs: number;
  maxMs: number;
}

/** Per-kind outcome counts as a printable table. */
export function outcomeTable(results: readonly { meta: DocMeta; outcome: ParseOutcome }[]): { rows: Map<MutationKind, Row>; text: string } {
  const rows = new Map<MutationKind, Row>();
  for (const { meta, outcome } of results) {
    const row = rows.get(meta.kind) ?? { docs: 0, items: 0, refused: 0, hang: 0, crash: 0, totalMs: 0, maxMs: 0 };
    row.docs++;
    if (outcome.kind === 'items') row.items++;
    else if (outcome.kind === 'error') row.refused++;
    else if (outcome.kind === 'hang') row.hang++;
    else row.crash++;
    row.totalMs += outcome.ms;
    row.maxMs = Math.max(row.maxMs, outcome.ms);
    rows.set(meta.kind, row);
  }
  const lines = ['kind               docs  items  refused  hang  crash   avg ms   max ms'];
  const total: Row = { docs: 0, items: 0, refused: 0, hang: 0, crash: 0, totalMs: 0, maxMs: 0 };
  const line = (name: string, r: Row) =>
    `${name.padEnd(17)} ${String(r.docs).padStart(5)} ${String(r.items).padStart(6)} ${String(r.refused).padStart(8)} ${String(r.hang).padStart(5)} ${String(r.crash).padStart(6)} ${(r.totalMs / Math.max(1, r.docs)).toFixed(1).padStart(8)} ${r.maxMs.toFixed(0).padStart(8)}`;
  for (const [kind, r] of rows) {
    lines.push(line(kind, r));
    total.docs += r.docs;
    total.items += r.items;
    total.refused += r.refused;
    total.hang += r.hang;
    total.crash += r.crash;
    total.totalMs += r.totalMs;
    total.maxMs = Math.max(total.maxMs, r.maxMs);
  }
  lines.push(line('TOTAL', total));
  return { rows, text: lines.join('\n') };
}

/** "n violation(s)" followed by the first few, for an assertion message. */
export function violations(title: string, list: readonly string[], seed: number, max = 8): string {
  if (list.length === 0) return '';
  return `${list.length} ${title} (replay with FUZZ_SEED=${seed}):\n  ${list.slice(0, max).join('\n  ')}${list.length > max ? `\n  … and ${list.length - max} more` : ''}`;
}
