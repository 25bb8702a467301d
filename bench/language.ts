/**
 * Language recognition: the recogniser (src/faq/language/) against the detector it replaced (eld
 * extra-small, restricted to en/es/zh/vi), on the same labelled posts (eval/dev/langid-*, the
 * check slice excluded) in the same run: right, unsure and confidently wrong, recognitions per
 * second (interleaved blocks after warm-up), and load time and resident memory each adds to a
 * fresh process.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { evaluateLanguage, languageEvalSets, parseLanguageLabelled, type LanguageLabelledPost } from '../src/faq/language/evaluate-language.js';
import { DEFAULT_RECOGNISED_LANGUAGES, DEFAULT_SERVED_LANGUAGES } from '../src/faq/language/language-codes.js';
import { createLanguageRecognizer, type LanguageRecognizer } from '../src/faq/language/recognize-language.js';
import type { BenchRow } from './bench-row.js';
import { previousDetectLocale } from './previous-locale-detector.js';
import { mib, ms } from './stats.js';

const OPTIONS = { served: DEFAULT_SERVED_LANGUAGES, recognised: DEFAULT_RECOGNISED_LANGUAGES };
const OLD_LOCALES = ['en', 'es', 'zh', 'vi'];
const WARMUP_ROUNDS = 20;
const BLOCKS = 10;
const ROUNDS_PER_BLOCK = 10;

function memoryOf(which: 'recognizer' | 'eld'): Promise<{ loadMs: number; rssBytes: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', path.resolve('bench/language-memory.ts'), which], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as { loadMs: number; rssBytes: number }) : reject(new Error(`language-memory ${which} exited ${code}`))));
  });
}

export async function benchLanguage(): Promise<BenchRow[]> {
  const posts: LanguageLabelledPost[] = languageEvalSets('.').dev.flatMap((f) => parseLanguageLabelled(fs.readFileSync(f, 'utf8')));
  const texts = posts.map((p) => p.text);
  const recognizer = createLanguageRecognizer();
  // The old detector as a recogniser: it always names one of its four locales.
  const previous: LanguageRecognizer = {
    recognize: (text) => {
      const language = previousDetectLocale(text, OLD_LOCALES, 'en');
      return { language, confidence: 1, served: true, candidates: [] };
    },
  };
  const now = evaluateLanguage(recognizer, posts, OPTIONS).all;
  const before = evaluateLanguage(previous, posts, OPTIONS).all;
  const own = posts.filter((p) => OLD_LOCALES.includes(p.locale));
  const ownNow = evaluateLanguage(recognizer, own, OPTIONS).all;
  const ownBefore = evaluateLanguage(previous, own, OPTIONS).all;

  // Each contender loops on its own (one shared call site would slow the faster one most).
  const runNew = () => {
    for (const text of texts) recognizer.recognize(text, OPTIONS);
  };
  const runOld = () => {
    for (const text of texts) previousDetectLocale(text, OLD_LOCALES, 'en');
  };
  for (let i = 0; i < WARMUP_ROUNDS; i++) {
    runNew();
    runOld();
  }
  let newSeconds = 0;
  let oldSeconds = 0;
  for (let block = 0; block < BLOCKS; block++) {
    let started = performance.now();
    for (let i = 0; i < ROUNDS_PER_BLOCK; i++) runNew();
    newSeconds += (performance.now() - started) / 1000;
    started = performance.now();
    for (let i = 0; i < ROUNDS_PER_BLOCK; i++) runOld();
    oldSeconds += (performance.now() - started) / 1000;
  }
  const calls = texts.length * BLOCKS * ROUNDS_PER_BLOCK;
  const newMemory = await memoryOf('recognizer');
  const oldMemory = await memoryOf('eld');
  const pct = (n: number, total = now.total) => `${((100 * n) / total).toFixed(1)}%`;
  return [
    {
      name: `language: recogniser, ${now.total} dev posts in 23 languages + others`,
      value: `${pct(now.right)} right, ${pct(now.unsure)} unsure, ${pct(now.wrong)} wrong`,
      note: `previous eld extra-small detector: ${pct(before.right)} right, ${pct(before.wrong)} wrong (it never says unsure; it knows 4 locales)`,
    },
    {
      name: `language: the ${ownNow.total} dev posts in en, es, zh, vi only`,
      value: `${pct(ownNow.right, ownNow.total)} right, ${pct(ownNow.wrong, ownNow.total)} wrong`,
      note: `previous detector ${pct(ownBefore.right, ownBefore.total)} right, ${pct(ownBefore.wrong, ownBefore.total)} wrong`,
    },
    {
      name: 'language: recognitions/s, one core',
      value: `${Math.round(calls / newSeconds).toLocaleString('en-US')}/s`,
      note: `previous detector ${Math.round(calls / oldSeconds).toLocaleString('en-US')}/s, same posts, interleaved blocks after warm-up`,
    },
    {
      name: 'language: memory and load time of the loaded recogniser (all four script models)',
      value: `+${mib(newMemory.rssBytes)} RSS`,
      note: `loads in ${ms(newMemory.loadMs)}; previous eld extra-small detector +${mib(oldMemory.rssBytes)} RSS, ${ms(oldMemory.loadMs)}`,
    },
  ];
}
