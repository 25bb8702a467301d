// Scores the FAQ decision on labelled sets: `npm run eval:faq [-- file.tsv ...] [-- --misses]`
// (langid-*.tsv files given: their language recognition in one table).
// Topic sets: the shared dev set, the repo's held-out set, eval/dev/faq-*.tsv and, when present,
// eval/heldout/faq-*.tsv (written by others; never tuned on), per set, category and locale.
// Danger sets, each group in its own table: eval/dev/danger-<lang>.tsv (tuned on),
// eval/dev/danger-<lang>-check.tsv (written after the lexicons were frozen for a round),
// eval/dev/danger-<lang>-fresh.tsv (frozen before the trained model was measured) and
// eval/heldout/danger-*.tsv (written by other people; read when present, never tuned on); and
// the check and fresh sets wrapped in what residents put around a post, per kind.
import fs from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { loadConfig } from '../src/config/load-config.js';
import { loadModules } from '../src/app/load-modules.js';
import { parseContextFragments, wrapRows } from '../src/faq/danger/training/context-fragments.js';
import { evaluateDanger, formatDangerScores, parseDangerTsv } from '../src/faq/evaluate-danger.js';
import { languageEvalReport } from '../src/faq/language/language-eval-report.js';
import { defaultTopicSets, runTopicSection } from './faq-topic-section.js';

const files = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const verbose = process.argv.includes('--misses');
const isDanger = (f: string) => path.basename(f).startsWith('danger-');
const isLangid = (f: string) => path.basename(f).startsWith('langid-');
const inDir = (dir: string, keep: (name: string) => boolean) => (fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.startsWith('danger-') && f.endsWith('.tsv') && keep(f)).sort().map((f) => path.join(dir, f)) : []);
const dangerGroups: [string, string[]][] =
  files.length > 0
    ? [['danger sets given', files.filter(isDanger)]]
    : [
        ['eval/dev/danger-* (tuned on, trained on)', inDir('eval/dev', (f) => !f.endsWith('-check.tsv') && !f.endsWith('-fresh.tsv'))],
        ['eval/dev/danger-*-check (written after freezing the lexicons)', inDir('eval/dev', (f) => f.endsWith('-check.tsv'))],
        ['eval/dev/danger-*-fresh (frozen before the trained model was measured)', inDir('eval/dev', (f) => f.endsWith('-fresh.tsv'))],
        ['eval/heldout/danger-* (never seen)', inDir('eval/heldout', () => true)],
      ];

const loaded = loadConfig(path.resolve('config'));
const modules = await loadModules({ configDir: path.resolve('config'), config: loaded.config, logger: pino({ level: 'silent' }) });
const snow = { type: 'snow', params: modules.defaultParams('snow'), effectiveAt: Date.now(), title: 'Snow Emergency' };
const write = (text: string) => process.stdout.write(text);

const topicSets = files.length > 0 ? files.filter((f) => !isDanger(f) && !isLangid(f)) : defaultTopicSets();
runTopicSection(modules.faq, snow, topicSets, { misses: verbose, write });
for (const [title, group] of dangerGroups) {
  if (group.length === 0) continue;
  const rows = group.flatMap((f) => parseDangerTsv(fs.readFileSync(f, 'utf8'), f));
  const scores = evaluateDanger(modules.faq, rows, snow);
  write(`\n${formatDangerScores(`${title}: ${group.length} file(s), ${rows.length} messages`, scores)}\n`);
  if (verbose && !title.startsWith('eval/heldout')) for (const [locale, s] of scores) if (locale !== 'all') for (const m of s.misses) write(`    ${m.row.expected.padEnd(9)} got ${m.got.padEnd(9)} ${locale}  ${m.row.text}\n`);
}
// The check and fresh sets with what residents put around a post (a greeting, thanks, a quoted
// notice, a phone number...): eval/dev/context-fragments-check.tsv, one line per kind.
if (files.length === 0) {
  const check = inDir('eval/dev', (f) => f.endsWith('-check.tsv') || f.endsWith('-fresh.tsv')).flatMap((f) => parseDangerTsv(fs.readFileSync(f, 'utf8'), f));
  const fragments = parseContextFragments(fs.readFileSync('eval/dev/context-fragments-check.tsv', 'utf8'), 'eval/dev/context-fragments-check.tsv');
  const scored = [['as written', check] as const, ...[...new Set(fragments.map((f) => f.kind))].sort().map((kind) => [`+ ${kind}`, wrapRows(check, fragments, kind, 20_261_127)] as const)];
  write(`\neval/dev/danger-*-check and -fresh with what residents put around a post (eval/dev/context-fragments-check.tsv)\n  ${'wrapped in'.padEnd(14)} ${'recall (both tiers)'.padEnd(22)} ${'full 911'.padEnd(14)} ${'possible on harmless'.padEnd(24)} false 911 on harmless\n`);
  for (const [name, rows] of scored) {
    const s = evaluateDanger(modules.faq, rows, snow).get('all');
    if (s !== undefined) write(`  ${name.padEnd(14)} ${`${s.caught}/${s.dangerous}`.padEnd(22)} ${`${s.caughtUrgent}/${s.dangerous}`.padEnd(14)} ${`${s.possible}/${s.harmless}`.padEnd(24)} ${s.falseUrgent}/${s.harmless}\n`);
  }
}
// Language recognition per language, and the language of every reply sent (eval/dev, eval/heldout).
const langidFiles = files.filter(isLangid);
if (langidFiles.length > 0) write(`\n${languageEvalReport({ root: path.resolve('.'), decider: modules.faq, languages: loaded.config.city.languages, emergency: snow, files: langidFiles })}\n`);
if (files.length === 0) write(`\n${languageEvalReport({ root: path.resolve('.'), decider: modules.faq, languages: loaded.config.city.languages, emergency: snow })}\n`);
