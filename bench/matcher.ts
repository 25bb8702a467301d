/**
 * FAQ matcher vs NLP.js (node-nlp's NlpManager, a widely used intent classifier): both learn the
 * same knowledge-base examples and answer the same labelled questions (the shared dev set plus the
 * repo's held-out set) in the same run. NLP.js has no Vietnamese model, so the comparison uses the
 * English, Spanish and Chinese rows; NLP.js is told each row's true language (an advantage to it).
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import pino from 'pino';
import YAML from 'yaml';
import { loadModules } from '../src/app/load-modules.js';
import { loadConfig } from '../src/config/load-config.js';
import { readLabelledSet } from '../scripts/faq-topic-section.js';
import type { LabelledQuestion } from '../src/faq/evaluate.js';
import { createDangerDetector } from '../src/faq/danger/create-danger-detector.js';
import { loadKnowledgeBase } from '../src/faq/knowledge-base.js';
import { commonWords } from '../src/faq/known-words.js';
import { matcherTopics } from '../src/faq/faq-service.js';
import { Matcher } from '../src/faq/matcher.js';
import { TemplateEngine } from '../src/templates/engine.js';
import type { BenchRow } from './bench-row.js';
import { ms, percentile } from './stats.js';

interface NlpResult {
  intent: string;
  score: number;
}
interface NlpManagerLike {
  addDocument(locale: string, utterance: string, intent: string): void;
  train(): Promise<void>;
  process(locale: string, utterance: string): Promise<NlpResult>;
}

const LANGS = ['en', 'es', 'zh'];
const NLP_THRESHOLD = 0.5;

function labelled(files: string[]): LabelledQuestion[] {
  return files.filter((f) => fs.existsSync(f)).flatMap((f) => readLabelledSet(f)).filter((q) => LANGS.includes(q.locale) && q.expected !== 'urgent');
}

/** Short questions: the sets the throughput has been measured on since the first bench (comparable over time). */
const labelledQuestions = () => labelled(['../shared/eval/faq-dev.tsv', 'test/faq/heldout.tsv']);
/** Residents' posts as they write them (long posts, complaints, rants): accuracy only. */
const residentPosts = () => labelled(['eval/dev/faq-posts.tsv', 'eval/dev/faq-check-posts.tsv']);

/** Right topic on answerable posts, rants left alone, and wrong answers over all posts. */
async function residentAccuracy(posts: LabelledQuestion[], decide: Decide): Promise<string> {
  let answerable = 0;
  let right = 0;
  let rants = 0;
  let leftAlone = 0;
  let wrong = 0;
  for (const q of posts) {
    const got = await run(decide, q);
    if (q.expected === 'none') {
      rants++;
      if (got === 'none') leftAlone++;
    } else {
      answerable++;
      if (got === q.expected) right++;
    }
    if (got !== 'none' && got !== q.expected) wrong++;
  }
  const pct = (n: number, d: number) => `${((100 * n) / d).toFixed(1)}%`;
  return `${pct(right, answerable)} right topic, ${pct(leftAlone, rants)} rants left alone, ${pct(wrong, posts.length)} confidently wrong`;
}

async function trainNlpJs(): Promise<NlpManagerLike> {
  const require = createRequire(import.meta.url);
  const { NlpManager } = require('node-nlp') as { NlpManager: new (options: object) => NlpManagerLike };
  const manager = new NlpManager({ languages: LANGS, forceNER: false, autoSave: false, nlu: { log: false, useNoneFeature: true } });
  for (const file of fs.readdirSync('faq').filter((f) => f.endsWith('.yaml'))) {
    const topic = YAML.parse(fs.readFileSync(path.join('faq', file), 'utf8')) as { id: string; examples: Record<string, string[]> };
    if (topic.id === '_urgent') continue;
    for (const [locale, examples] of Object.entries(topic.examples)) {
      if (!LANGS.includes(locale)) continue;
      for (const example of examples) manager.addDocument(locale, example, topic.id === '_offtopic' ? 'None' : topic.id);
    }
  }
  await manager.train();
  return manager;
}

interface Scored {
  correct: number;
  answered: number;
  answeredRight: number;
  latencies: number[];
  seconds: number;
  calls: number;
}

type Decide = (q: LabelledQuestion) => Promise<string> | string;

/**
 * A contender answers one question (for accuracy and latency) and runs timed rounds with its own
 * loop: one shared loop calling every contender would turn the call site megamorphic and slow the
 * fastest contender most.
 */
interface Contender {
  decide: Decide;
  rounds: (n: number) => Promise<void> | void;
}

/** Untimed rounds first, so every contender is measured after the JIT has compiled its hot paths. */
const WARMUP_ROUNDS = 100;
/** Timed rounds per contender, run in interleaved blocks so a slow spell on the machine hits all of them alike. */
const TIMED_ROUNDS = 600;
const BLOCKS = 6;
/** Rounds timed one call at a time for the latency percentiles (timers cost too much to be in the throughput loop). */
const LATENCY_ROUNDS = 50;

/** Awaited only when asynchronous (NLP.js): a needless await would bill a microtask to the sync matcher. */
async function run(decide: Decide, q: LabelledQuestion): Promise<string> {
  const pending = decide(q);
  return typeof pending === 'string' ? pending : await pending;
}

/** Accuracy (first pass), then throughput in interleaved blocks, then per-call latencies, for every contender. */
async function score(questions: LabelledQuestion[], contenders: Contender[]): Promise<Scored[]> {
  const results: Scored[] = [];
  for (const { decide } of contenders) {
    const result: Scored = { correct: 0, answered: 0, answeredRight: 0, latencies: [], seconds: 0, calls: 0 };
    for (const q of questions) {
      const got = await run(decide, q);
      if (got === q.expected) result.correct++;
      if (got !== 'none') {
        result.answered++;
        if (got === q.expected) result.answeredRight++;
      }
    }
    for (let round = 0; round < WARMUP_ROUNDS; round++) for (const q of questions) await run(decide, q);
    results.push(result);
  }
  for (let block = 0; block < BLOCKS; block++) {
    for (const [i, contender] of contenders.entries()) {
      const result = results[i] as Scored;
      const started = performance.now();
      await contender.rounds(TIMED_ROUNDS / BLOCKS);
      result.seconds += (performance.now() - started) / 1000;
      result.calls += (TIMED_ROUNDS / BLOCKS) * questions.length;
    }
  }
  for (const [i, { decide }] of contenders.entries()) {
    const result = results[i] as Scored;
    for (let round = 0; round < LATENCY_ROUNDS; round++) {
      for (const q of questions) {
        const t0 = performance.now();
        await run(decide, q);
        result.latencies.push(performance.now() - t0);
      }
    }
  }
  return results;
}

export async function benchMatcher(): Promise<BenchRow[]> {
  const configDir = path.resolve('config');
  const modules = await loadModules({ configDir, config: loadConfig(configDir).config, logger: pino({ level: 'silent' }) });
  const questions = labelledQuestions();
  // The matcher alone (what NLP.js's classify does), built exactly as the FAQ service builds it.
  const kb = loadKnowledgeBase(path.resolve('faq'), new TemplateEngine({ timeZone: 'America/New_York' }));
  const matcher = new Matcher(matcherTopics(kb), loadConfig(configDir).config.replies.threshold, commonWords(), { cues: kb.cues });
  const trainStart = performance.now();
  const nlp = await trainNlpJs();
  const trainMs = performance.now() - trainStart;
  const decideOurs: Decide = (q) => {
    const d = modules.faq.decide(q.text, null);
    return d.kind === 'answer' && d.topic !== null ? d.topic : 'none';
  };
  // Told the language, as the service is by its recogniser (and NLP.js below).
  const classifyOurs: Decide = (q) => matcher.match(q.text, q.locale).topic ?? 'none';
  const classifyPeer: Decide = async (q) => {
    const r = await nlp.process(q.locale, q.text);
    return r.intent === 'None' || r.score < NLP_THRESHOLD ? 'none' : r.intent;
  };
  const danger = createDangerDetector(path.resolve('faq/danger'), kb);
  const detectOurs: Decide = (q) => (danger.detect(q.text).tier === 'none' ? 'none' : 'urgent');
  const [ours, oursClassify, peer, dangerOnly] = (await score(questions, [
    {
      decide: decideOurs,
      rounds: (n) => {
        for (let round = 0; round < n; round++) for (const q of questions) modules.faq.decide(q.text, null);
      },
    },
    {
      decide: classifyOurs,
      rounds: (n) => {
        for (let round = 0; round < n; round++) for (const q of questions) matcher.match(q.text);
      },
    },
    {
      decide: classifyPeer,
      rounds: async (n) => {
        for (let round = 0; round < n; round++) for (const q of questions) await nlp.process(q.locale, q.text);
      },
    },
    {
      decide: detectOurs,
      rounds: (n) => {
        for (let round = 0; round < n; round++) for (const q of questions) danger.detect(q.text);
      },
    },
  ])) as [Scored, Scored, Scored, Scored];
  const posts = residentPosts();
  const postsNote = `${posts.length} labelled en/es/zh resident posts (eval/dev: dev set and check slice), same examples`;
  const pct = (n: number, d: number) => `${((100 * n) / d).toFixed(1)}%`;
  const describe = (s: Scored) => `${pct(s.correct, questions.length)} correct, ${pct(s.answeredRight, s.answered)} answer precision`;
  const rate = (s: Scored) => s.calls / s.seconds;
  const timing = `after ${WARMUP_ROUNDS} warm-up rounds; ${TIMED_ROUNDS} rounds in ${BLOCKS} blocks interleaved with the other contenders`;
  return [
    { name: 'FAQ accuracy: Civicast matcher', value: describe(ours), note: `${questions.length} labelled en/es/zh questions (dev + held-out), abstains below threshold` },
    { name: 'FAQ accuracy: NLP.js 4 (peer)', value: describe(peer), note: `same questions and examples, intent "None" or score < ${NLP_THRESHOLD} = handoff; told the true language` },
    { name: 'FAQ resident posts: Civicast matcher', value: await residentAccuracy(posts, classifyOurs), note: postsNote },
    { name: 'FAQ resident posts: NLP.js 4 (peer)', value: await residentAccuracy(posts, classifyPeer), note: postsNote },
    { name: 'FAQ throughput: Civicast (full decision)', value: `${Math.round(rate(ours)).toLocaleString('en-US')} q/s, p99 ${ms(percentile(ours.latencies, 99))}`, note: `danger check (23 lexicons, typo pass, trained model, self-harm head) + language detection + match + answer rendering; ratio ${(rate(ours) / rate(peer)).toFixed(1)}× NLP.js classify` },
    { name: 'FAQ throughput: Civicast danger check alone', value: `${Math.round(rate(dangerOnly)).toLocaleString('en-US')} q/s, p99 ${ms(percentile(dangerOnly.latencies, 99))}`, note: 'every lexicon over every message, the typing-slip pass, the trained danger model, and the self-harm head on messages found dangerous; same questions' },
    { name: 'FAQ throughput: Civicast matcher (classify only)', value: `${Math.round(rate(oursClassify)).toLocaleString('en-US')} q/s, p99 ${ms(percentile(oursClassify.latencies, 99))}`, note: `ratio ${(rate(oursClassify) / rate(peer)).toFixed(1)}× NLP.js classify in this run; one core` },
    { name: 'FAQ throughput: NLP.js 4 (classify only)', value: `${Math.round(rate(peer)).toLocaleString('en-US')} q/s, p99 ${ms(percentile(peer.latencies, 99))}`, note: `${timing}; NLP.js training took ${ms(trainMs)}` },
  ];
}
