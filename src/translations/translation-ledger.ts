import fs from 'node:fs';
import path from 'node:path';
import { Document, Scalar, YAMLMap } from 'yaml';
import { z } from 'zod';
import { ConfigError, type ConfigProblem } from '../config/config-error.js';
import { problemsFromZod, readYamlFile } from '../config/load-config.js';

const hash = z.string().regex(/^[0-9a-f]{12}$|^-$/, 'a 12-digit text hash from `civicast translations record` (or - when the source language has no such text)');

/** What a person (or the drafting team) recorded about one translation. */
export const ledgerEntrySchema = z.strictObject({
  /** `draft`: written, not yet read by a fluent reviewer; `reviewed`: a reviewer approved it. */
  status: z.enum(['draft', 'reviewed']),
  /** Who wrote (draft) or reviewed it. */
  by: z.string().min(1).max(80),
  /** When, as an ISO date or time. */
  at: z.string().regex(/^\d{4}-\d\d-\d\d(T[\d:.]+Z?)?$/, 'an ISO date such as 2026-11-26'),
  /** Hash of the source-language text it translates, when recorded. */
  source: hash,
  /** Hash of this translation, when recorded. */
  text: hash,
  note: z.string().max(300).optional(),
});

export type LedgerEntry = z.infer<typeof ledgerEntrySchema>;

const ledgerSchema = z.strictObject({
  language: z.string().min(2),
  entries: z.record(z.string().regex(/^[a-z]+:[^\s]+$/, 'a text key such as template:snow/status'), ledgerEntrySchema).default({}),
});

/** `translations/<language>.yaml`, read; problems returned (validate shows them), not thrown. */
export function readLedger(dir: string, language: string, displayDir = path.relative(process.cwd(), dir) || dir): { entries: Map<string, LedgerEntry>; problems: ConfigProblem[] } {
  const display = path.join(displayDir, `${language}.yaml`);
  const file = path.join(dir, `${language}.yaml`);
  if (!fs.existsSync(file)) return { entries: new Map(), problems: [] };
  try {
    const parsed = ledgerSchema.safeParse(readYamlFile(file, display));
    if (!parsed.success) return { entries: new Map(), problems: problemsFromZod(parsed.error, new Map(), display) };
    if (parsed.data.language !== language) return { entries: new Map(), problems: [{ file: display, path: 'language', message: `"${parsed.data.language}" must match the file name "${language}"` }] };
    return { entries: new Map(Object.entries(parsed.data.entries)), problems: [] };
  } catch (error) {
    if (error instanceof ConfigError) return { entries: new Map(), problems: error.problems };
    throw error;
  }
}

const HEADER = (language: string) => `# Review record of every ${language} public text: one entry per text (docs/languages.md).
# status: draft (written, not yet read by a fluent reviewer) or reviewed (a reviewer approved it).
# source: hash of the English text it translates; when the English changes, the text is stale.
# text: hash of this text when recorded; when the text changes, its review no longer counts.
# Written by \`civicast translations record\`; approvals made in a running service are kept in its
# store and can be written here with \`civicast translations record --from-service\`.
`;

/** Writes the ledger, sorted by key, one line per entry (small diffs in review). */
export function writeLedger(dir: string, language: string, entries: ReadonlyMap<string, LedgerEntry>): string {
  fs.mkdirSync(dir, { recursive: true });
  const sorted = Object.fromEntries([...entries.entries()].sort(([a], [b]) => a.localeCompare(b)));
  const doc = new Document({ language, entries: sorted });
  const node = doc.get('entries');
  for (const pair of node instanceof YAMLMap ? node.items : []) {
    if (!(pair.value instanceof YAMLMap)) continue;
    pair.value.flow = true;
    // A hash of digits only ("123456789012", "12e456789012") would read back as a number.
    for (const field of ['source', 'text', 'at']) {
      const scalar = pair.value.get(field, true);
      if (scalar instanceof Scalar) scalar.type = Scalar.QUOTE_DOUBLE;
    }
  }
  const body = doc.toString({ lineWidth: 0, flowCollectionPadding: true });
  const file = path.join(dir, `${language}.yaml`);
  fs.writeFileSync(file, `${HEADER(language)}${body}`);
  return file;
}
