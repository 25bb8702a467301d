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
const { json, bin, selfHarmJson, selfHarmBin, outOfFold } = buildDangerModel({ root, dangerDir }, reader);
if (process.env.DANGER_OOF !== undefined) fs.writeFileSync(process.env.DANGER_OOF, JSON.stringify(outOfFold));
const seconds = ((performance.now() - started) / 1000).toFixed(1);
const metadata = JSON.parse(json) as { thresholds: unknown; training: { crossValidated: Record<string, { recall: number; possibleOnHarmless: number; urgentOnHarmless: number; dangerous: number; harmless: number }> } };
process.stdout.write(`trained in ${seconds}s; thresholds (log-odds) ${JSON.stringify(metadata.thresholds)}\n`);
process.stdout.write('out of fold (eval/train rows):\n  lang  recall          possible on harmless   urgent on harmless\n');
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
for (const [lang, r] of Object.entries(metadata.training.crossValidated)) {
  process.stdout.write(`  ${lang.padEnd(5)} ${`${pct(r.recall)} of ${r.dangerous}`.padEnd(15)} ${`${pct(r.possibleOnHarmless)} of ${r.harmless}`.padEnd(22)} ${pct(r.urgentOnHarmless)}\n`);
}
const head = (JSON.parse(selfHarmJson) as { threshold: number; training: { crossValidated: { selfHarm: number; tagged: number; otherDanger: number; mistagged: number } } }).training.crossValidated;
process.stdout.write(`self-harm head, out of fold: ${head.tagged} of ${head.selfHarm} self-harm posts tagged, ${head.mistagged} of ${head.otherDanger} other dangers\n`);
const files: [string, string | Buffer][] = [
  ['model.json', json],
  ['model.bin', bin],
  ['self-harm.json', selfHarmJson],
  ['self-harm.bin', selfHarmBin],
];
if (check) {
  const same = files.every(([name, content]) => {
    const file = path.join(dangerDir, name);
    return fs.existsSync(file) && (typeof content === 'string' ? fs.readFileSync(file, 'utf8') === content : fs.readFileSync(file).equals(content));
  });
  process.stdout.write(same ? 'shipped model matches\n' : 'shipped model differs from a fresh training run: npm run train:danger\n');
  process.exitCode = same ? 0 : 1;
} else {
  for (const [name, content] of files) fs.writeFileSync(path.join(dangerDir, name), content);
  process.stdout.write(`wrote ${files.map(([name]) => path.relative(root, path.join(dangerDir, name))).join(', ')}\n`);
}
