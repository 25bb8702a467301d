// Scores the FAQ matcher on labelled question sets: `npm run eval:faq [-- file.tsv ...]`.
// Default sets: the shared dev set and the repo's held-out set (test/faq/heldout.tsv).
import fs from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { loadConfig } from '../src/config/load-config.js';
import { loadModules } from '../src/app/load-modules.js';
import { evaluate, formatEvaluation, parseLabelledTsv } from '../src/faq/evaluate.js';
import { languageEvalReport } from '../src/faq/language/language-eval-report.js';

const files = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const verbose = process.argv.includes('--misses');
const sets = files.length > 0 ? files : ['../shared/eval/faq-dev.tsv', 'test/faq/heldout.tsv'].filter((f) => fs.existsSync(f));
const loaded = loadConfig(path.resolve('config'));
const modules = await loadModules({ configDir: path.resolve('config'), config: loaded.config, logger: pino({ level: 'silent' }) });
const snow = { type: 'snow', params: modules.defaultParams('snow'), effectiveAt: Date.now(), title: 'Snow Emergency' };
for (const file of sets) {
  const result = evaluate(modules.faq, parseLabelledTsv(fs.readFileSync(file, 'utf8')), snow);
  process.stdout.write(formatEvaluation(file, result) + '\n');
  if (verbose) for (const m of result.misses) process.stdout.write(`    want ${m.question.expected.padEnd(26)} got ${m.got.padEnd(26)} ${m.confidence.toFixed(2)}  ${m.question.text}\n`);
}
// Language recognition per language, and the language of every reply sent (eval/dev, eval/heldout).
if (files.length === 0) process.stdout.write(`\n${languageEvalReport({ root: path.resolve('.'), decider: modules.faq, languages: loaded.config.city.languages, emergency: snow })}\n`);
