// Scores the FAQ decision on labelled sets: `npm run eval:faq [-- file.tsv ...] [-- --misses]`.
// FAQ sets: the shared dev set and the repo's held-out set (test/faq/heldout.tsv).
// Danger sets, each group in its own table: eval/dev/danger-<lang>.tsv (tuned on),
// eval/dev/danger-<lang>-check.tsv (written after the lexicons were frozen for a round),
// eval/dev/danger-<lang>-fresh.tsv (frozen before the trained model was measured) and
// eval/heldout/danger-*.tsv (written by other people; read when present, never tuned on).
import fs from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { loadConfig } from '../src/config/load-config.js';
import { loadModules } from '../src/app/load-modules.js';
import { evaluate, formatEvaluation, parseLabelledTsv } from '../src/faq/evaluate.js';
import { languageEvalReport } from '../src/faq/language/language-eval-report.js';
import { evaluateDanger, formatDangerScores, parseDangerTsv } from '../src/faq/evaluate-danger.js';

const files = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const verbose = process.argv.includes('--misses');
const faqSets = files.length > 0 ? files.filter((f) => !path.basename(f).startsWith('danger-')) : ['../shared/eval/faq-dev.tsv', 'test/faq/heldout.tsv'].filter((f) => fs.existsSync(f));
const inDir = (dir: string, keep: (name: string) => boolean) => (fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.startsWith('danger-') && f.endsWith('.tsv') && keep(f)).sort().map((f) => path.join(dir, f)) : []);
const dangerGroups: [string, string[]][] =
  files.length > 0
    ? [['danger sets given', files.filter((f) => path.basename(f).startsWith('danger-'))]]
    : [
        ['eval/dev/danger-* (tuned on, trained on)', inDir('eval/dev', (f) => !f.endsWith('-check.tsv') && !f.endsWith('-fresh.tsv'))],
        ['eval/dev/danger-*-check (written after freezing the lexicons)', inDir('eval/dev', (f) => f.endsWith('-check.tsv'))],
        ['eval/dev/danger-*-fresh (frozen before the trained model was measured)', inDir('eval/dev', (f) => f.endsWith('-fresh.tsv'))],
        ['eval/heldout/danger-* (never seen)', inDir('eval/heldout', () => true)],
      ];

const loaded = loadConfig(path.resolve('config'));
const modules = await loadModules({ configDir: path.resolve('config'), config: loaded.config, logger: pino({ level: 'silent' }) });
const snow = { type: 'snow', params: modules.defaultParams('snow'), effectiveAt: Date.now(), title: 'Snow Emergency' };
for (const file of faqSets) {
  const result = evaluate(modules.faq, parseLabelledTsv(fs.readFileSync(file, 'utf8')), snow);
  process.stdout.write(formatEvaluation(file, result) + '\n');
  if (verbose) for (const m of result.misses) process.stdout.write(`    want ${m.question.expected.padEnd(26)} got ${m.got.padEnd(26)} ${m.confidence.toFixed(2)}  ${m.question.text}\n`);
}
for (const [title, group] of dangerGroups) {
  if (group.length === 0) continue;
  const rows = group.flatMap((f) => parseDangerTsv(fs.readFileSync(f, 'utf8'), f));
  const scores = evaluateDanger(modules.faq, rows, snow);
  process.stdout.write(`\n${formatDangerScores(`${title}: ${group.length} file(s), ${rows.length} messages`, scores)}\n`);
  // Held-out misses are never printed: reading them would be tuning on them.
  if (verbose && !title.startsWith('eval/heldout')) for (const [locale, s] of scores) if (locale !== 'all') for (const m of s.misses) process.stdout.write(`    ${m.row.expected.padEnd(9)} got ${m.got.padEnd(9)} ${locale}  ${m.row.text}\n`);
}
// Language recognition per language, and the language of every reply sent (eval/dev, eval/heldout).
if (files.length === 0) process.stdout.write(`\n${languageEvalReport({ root: path.resolve('.'), decider: modules.faq, languages: loaded.config.city.languages, emergency: snow })}\n`);
