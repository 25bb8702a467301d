// Prints the danger model's log-odds and the detector's finding for every message of the given
// labelled sets (default: every eval/dev and eval/train danger set), one line each, so two
// versions of the detector can be compared bit for bit with `diff`:
// `npx tsx scripts/danger-logits.ts > before.tsv` … `npx tsx scripts/danger-logits.ts | diff before.tsv -`.
import fs from 'node:fs';
import path from 'node:path';
import { createDangerDetector } from '../src/faq/danger/create-danger-detector.js';
import { loadKnowledgeBase } from '../src/faq/knowledge-base.js';
import { TemplateEngine } from '../src/templates/engine.js';

const dangerSets = (dir: string) => (fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.startsWith('danger-') && f.endsWith('.tsv')).sort().map((f) => path.join(dir, f)) : []);
const given = process.argv.slice(2);
const files = given.length > 0 ? given : [...dangerSets('eval/dev'), ...dangerSets('eval/train')];
const kb = loadKnowledgeBase(path.resolve('faq'), new TemplateEngine({ timeZone: 'America/New_York' }));
const detector = createDangerDetector(path.resolve('faq/danger'), kb);
const out: string[] = [];
for (const file of files) {
  fs.readFileSync(file, 'utf8').split('\n').forEach((line, index) => {
    const text = line.split('\t')[2];
    if (index === 0 || text === undefined || line.startsWith('#')) return;
    const { logit, features } = detector.score(text);
    const finding = detector.detect(text);
    // Every slot and value too: the same log-odds from different features would hide a change.
    const slots = Array.from(features.slots, (slot, i) => `${slot}:${features.values[i]}`).join(' ');
    out.push(`${file}:${index + 1}\t${logit}\t${finding.tier}\t${finding.basis}\t${finding.kinds.join(',')}\t${finding.languages.map((l) => JSON.stringify(l)).join(',')}\t${finding.afterTypoFix}\t${slots}`);
  });
}
process.stdout.write(`${out.join('\n')}\n`);
