// Trains the danger model shipped in faq/danger/model.{json,bin}: `npm run train:danger`.
// Deterministic (seeded, no dates): run again on the same training files and lexicons, it writes
// the same bytes. `--check` writes nothing and fails when the shipped files differ from a fresh run.
import fs from 'node:fs';
import path from 'node:path';
import { createLexiconReader } from '../src/faq/danger/create-danger-detector.js';
import { buildDangerModel } from '../src/faq/danger/training/build-danger-model.js';
import { loadKnowledgeBase } from '../src/faq/knowledge-base.js';
import { TemplateEngine } from '../src/templates/engine.js';

const root = path.resolve('.');
const dangerDir = path.join(root, 'faq', 'danger');
const check = process.argv.includes('--check');
const started = performance.now();
const reader = createLexiconReader(dangerDir, loadKnowledgeBase(path.join(root, 'faq'), new TemplateEngine({ timeZone: 'UTC' })));
const { json, bin, outOfFold } = buildDangerModel({ root, dangerDir }, reader);
if (process.env.DANGER_OOF !== undefined) fs.writeFileSync(process.env.DANGER_OOF, JSON.stringify(outOfFold));
const seconds = ((performance.now() - started) / 1000).toFixed(1);
const metadata = JSON.parse(json) as { thresholds: unknown; training: { crossValidated: Record<string, { recall: number; possibleOnHarmless: number; urgentOnHarmless: number; dangerous: number; harmless: number }> } };
process.stdout.write(`trained in ${seconds}s; thresholds (log-odds) ${JSON.stringify(metadata.thresholds)}\n`);
process.stdout.write('out of fold (eval/train rows):\n  lang  recall          possible on harmless   urgent on harmless\n');
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
for (const [lang, r] of Object.entries(metadata.training.crossValidated)) {
  process.stdout.write(`  ${lang.padEnd(5)} ${`${pct(r.recall)} of ${r.dangerous}`.padEnd(15)} ${`${pct(r.possibleOnHarmless)} of ${r.harmless}`.padEnd(22)} ${pct(r.urgentOnHarmless)}\n`);
}
const jsonFile = path.join(dangerDir, 'model.json');
const binFile = path.join(dangerDir, 'model.bin');
if (check) {
  const same = fs.existsSync(jsonFile) && fs.existsSync(binFile) && fs.readFileSync(jsonFile, 'utf8') === json && fs.readFileSync(binFile).equals(bin);
  process.stdout.write(same ? 'shipped model matches\n' : 'shipped model differs from a fresh training run: npm run train:danger\n');
  process.exitCode = same ? 0 : 1;
} else {
  fs.writeFileSync(jsonFile, json);
  fs.writeFileSync(binFile, bin);
  process.stdout.write(`wrote ${path.relative(root, jsonFile)} and ${path.relative(root, binFile)}\n`);
}
