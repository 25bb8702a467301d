// The FAQ topic part of `npm run eval:faq`: every labelled set of resident posts, scored per set,
// per writing category and per locale (src/faq/topic-evaluation.ts).
import fs from 'node:fs';
import path from 'node:path';
import { parseLabelledTsv, type LabelledQuestion } from '../src/faq/evaluate.js';
import { evaluateTopics, formatTopicEvaluation } from '../src/faq/topic-evaluation.js';
import type { ReplyDecider, ReplyEmergency } from '../src/replies/decider.js';

const SHARED_DEV = '../shared/eval/faq-dev.tsv';
/** Rows of the shared dev set that TAXONOMY.md now files under a finer topic than its label. */
const SHARED_RELABELS = 'eval/dev/faq-shared-relabels.tsv';

function setsIn(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => /^faq-.*\.tsv$/.test(f) && !f.endsWith('-relabels.tsv'))
    .sort()
    .map((f) => path.join(dir, f));
}

/** The sets scored by default: the shared and repo sets, the dev sets, and held-out sets when present. */
export function defaultTopicSets(): string[] {
  return [SHARED_DEV, 'test/faq/heldout.tsv', ...setsIn('eval/dev'), ...setsIn('eval/heldout')].filter((f) => fs.existsSync(f));
}

/** A labelled set; the shared dev set with its rows that TAXONOMY.md files under a finer topic relabelled. */
export function readLabelledSet(file: string): LabelledQuestion[] {
  const rows = parseLabelledTsv(fs.readFileSync(file, 'utf8'));
  if (path.resolve(file) !== path.resolve(SHARED_DEV) || !fs.existsSync(SHARED_RELABELS)) return rows;
  const finer = new Map(parseLabelledTsv(fs.readFileSync(SHARED_RELABELS, 'utf8')).map((r) => [r.text, r.expected]));
  return rows.map((r) => ({ ...r, expected: finer.get(r.text) ?? r.expected }));
}

/** Scores `decider` on each set and writes the report; `misses` adds every wrong decision. */
export function runTopicSection(decider: ReplyDecider, emergency: ReplyEmergency | null, files: string[], options: { misses: boolean; write: (text: string) => void }): void {
  for (const file of files) {
    const result = evaluateTopics(decider, readLabelledSet(file), emergency);
    options.write(formatTopicEvaluation(file, result) + '\n');
    // Held-out misses are never printed: reading them would be tuning on them.
    if (!options.misses || path.resolve(file).includes(`${path.sep}eval${path.sep}heldout${path.sep}`)) continue;
    for (const m of result.misses) options.write(`    want ${m.question.expected.padEnd(26)} got ${m.got.padEnd(26)} ${m.confidence.toFixed(2)}  [${m.question.category ?? '-'}] ${m.question.text}\n`);
  }
}
