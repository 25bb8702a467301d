// Per-language abstention thresholds for the FAQ matcher, chosen by cross-validation on the
// knowledge base's own examples (never on the labelled evaluation sets):
// `npx tsx scripts/calibrate-faq.ts [--write]`. Every example is scored by a model trained
// without it (5 folds); for each language the lowest threshold at or above the configured one
// that maximises right answers minus WRONG_COST × wrong answers (a confident wrong answer is worse
// than a hand-off) is printed, and with --write put in faq/cues/<lang>.yaml as `threshold:`.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { loadConfig } from '../src/config/load-config.js';
import { loadKnowledgeBase } from '../src/faq/knowledge-base.js';
import { commonWords } from '../src/faq/known-words.js';
import { Matcher, OFF_TOPIC, type TopicExamples } from '../src/faq/matcher.js';
import { TemplateEngine } from '../src/templates/engine.js';

process.env['CIVICAST_CACHE_DIR'] ??= fs.mkdtempSync(path.join(os.tmpdir(), 'civicast-calibrate-'));
const FOLDS = 5;
/** How many hand-offs one wrong answer is worth. */
const WRONG_COST = Number(process.argv.find((a) => a.startsWith("--cost="))?.slice(7) ?? 2);
/** The least gain, as a share of a language's examples, that raises its threshold. */
const MIN_GAIN = 0.01;
const STEPS = Array.from({ length: 15 }, (_, i) => Math.round((0.55 + 0.025 * i) * 1000) / 1000);
const write = process.argv.includes('--write');
/** With --confusions[=N], also list each language's N most frequent out-of-fold topic mix-ups. */
const confusionsArg = process.argv.find((a) => a.startsWith('--confusions'));
const confusionsShown = confusionsArg === undefined ? 0 : Number(confusionsArg.split('=')[1] ?? 8);
const config = loadConfig(path.resolve('config')).config;
const base = config.replies.threshold;
const kb = loadKnowledgeBase(path.resolve('faq'), new TemplateEngine({ timeZone: 'UTC' }));
const all = [...kb.topics, { ...kb.offTopic, id: OFF_TOPIC }];
const foldOf = (text: string) => (createHash('sha256').update(text).digest()[0] as number) % FOLDS;

interface Scored { locale: string; expected: string; got: string | null; confidence: number }
const scored: Scored[] = [];
for (let fold = 0; fold < FOLDS; fold++) {
  const topics: TopicExamples[] = all.map((t) => ({
    id: t.id,
    examples: [],
    keywords: [],
    phrasesByLocale: Object.fromEntries(Object.entries(t.phrasesByLocale ?? {}).map(([locale, texts]) => [locale, texts.filter((x) => foldOf(x) !== fold)])),
  }));
  const matcher = new Matcher(topics, 0, commonWords(), { cues: kb.cues });
  for (const t of all) {
    // Keywords are short phrases, not posts: only examples are scored.
    const keywords = new Set(t.keywords);
    for (const [locale, texts] of Object.entries(t.phrasesByLocale ?? {})) {
      for (const text of texts) {
        if (foldOf(text) !== fold || keywords.has(text)) continue;
        const m = matcher.match(text, locale);
        scored.push({ locale, expected: t.id, got: m.best, confidence: m.confidence });
      }
    }
  }
  process.stderr.write(`fold ${fold + 1}/${FOLDS}\n`);
}

const pct = (a: number, b: number) => `${((100 * a) / Math.max(1, b)).toFixed(1)}%`;
process.stdout.write(`out of fold, ${FOLDS} folds, a wrong answer costs ${WRONG_COST} hand-offs; configured threshold ${base}\n`);
process.stdout.write('language  examples  threshold  right topic  left alone  wrong   (at the configured threshold)\n');
for (const locale of [...new Set(scored.map((s) => s.locale))].sort()) {
  const rows = scored.filter((s) => s.locale === locale);
  const tally = (t: number) => {
    const answered = rows.filter((r) => r.got !== OFF_TOPIC && r.confidence >= t);
    const wrong = answered.filter((r) => r.got !== r.expected).length;
    const offTopic = rows.filter((r) => r.expected === OFF_TOPIC);
    const leftAlone = offTopic.filter((r) => !answered.includes(r)).length;
    return { right: answered.length - wrong, wrong, leftAlone, answerable: rows.length - offTopic.length, offTopic: offTopic.length };
  };
  // Raised above the configured threshold only for a clear gain: the utility curve is noisy, and
  // a threshold that moves with every added example would not hold on posts never seen.
  const utilityAt = (t: number) => {
    const { right, wrong } = tally(t);
    return right - WRONG_COST * wrong;
  };
  let best = { threshold: base, utility: utilityAt(base) + MIN_GAIN * rows.length };
  for (const t of STEPS.filter((t) => t > base)) {
    const utility = utilityAt(t);
    if (utility > best.utility) best = { threshold: t, utility };
  }
  const at = tally(best.threshold);
  const was = tally(base);
  const show = (t: ReturnType<typeof tally>) => `${pct(t.right, t.answerable).padStart(6)}  ${pct(t.leftAlone, t.offTopic).padStart(6)}  ${pct(t.wrong, rows.length).padStart(5)}`;
  process.stdout.write(`${locale.padEnd(9)} ${String(rows.length).padStart(8)}  ${best.threshold.toFixed(3).padStart(9)}  ${show(at)}   (${show(was)})\n`);
  const file = path.resolve('faq', 'cues', `${locale}.yaml`);
  if (write && fs.existsSync(file)) {
    const text = fs.readFileSync(file, 'utf8');
    const line = `threshold: ${best.threshold}`;
    fs.writeFileSync(file, /^threshold: .*$/m.test(text) ? text.replace(/^threshold: .*$/m, line) : text.replace(/^(language: .*)$/m, `$1\n# Calibrated by scripts/calibrate-faq.ts (cross-validation on the examples); replies.threshold applies when higher.\n${line}`));
  }
}

// Which topic pairs a language confuses (expected → answered, at the configured threshold): the
// pairs that need more examples on both sides.
if (confusionsShown > 0) {
  process.stdout.write(`\nconfident mix-ups out of fold (expected → answered, confidence ≥ ${base})\n`);
  for (const locale of [...new Set(scored.map((s) => s.locale))].sort()) {
    const pairs = new Map<string, number>();
    for (const r of scored) {
      if (r.locale !== locale || r.got === null || r.got === r.expected || r.confidence < base) continue;
      const key = `${r.expected} → ${r.got}`;
      pairs.set(key, (pairs.get(key) ?? 0) + 1);
    }
    const top = [...pairs].sort((a, b) => b[1] - a[1]).slice(0, confusionsShown);
    if (top.length > 0) process.stdout.write(`${locale}: ${top.map(([k, n]) => `${k} ${n}`).join('; ')}\n`);
  }
}
