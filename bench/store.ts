/**
 * The embedded store, SQLite (the default since ADR 0004) against the journal store it replaced
 * (ADR 0002), with a long history: the same N stored posts (default 1,000,000; BENCH_STORED_POSTS
 * to change), the same dispatch of new posts to a file channel, each side in its own process.
 *   restart: from process start to the first claim, and the memory that takes
 *   outbox throughput with the history in place
 *   the one-time import of the journal into SQLite
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { newPost, type Post } from '../src/domain/post.js';
import type { BenchRow } from './bench-row.js';
import { mib, ms } from './stats.js';

interface OpenResult {
  openMs: number;
  stored: number;
  rssBytes: number;
  heapBytes: number;
  dispatch?: { perSecond: number; p50: number; p99: number };
}

const DISPATCHED = 3_000;

/** A journal (state.jsonl) of `count` sent posts, written directly in the journal's own format. */
async function writeJournal(dir: string, count: number): Promise<number> {
  fs.mkdirSync(dir, { recursive: true });
  const file = fs.createWriteStream(path.join(dir, 'state.jsonl'));
  const t0 = Date.now() - 13 * 86_400_000;
  for (let i = 0; i < count; i++) {
    const post: Post = {
      ...newPost({ id: `camp:snow-${Math.floor(i / 32)}:declare:0:${String(i % 32).padStart(2, '0')}-topic:${i % 2 === 0 ? 'en' : 'es'}:x-311-${i % 4}`, channel: `x-311-${i % 4}`, parts: [`Snow emergency declared. Move your car off snow emergency routes by 6 PM. Towed cars go to the nearest impound lot; call 311. Post ${i}.`], priority: 'emergency', dueAt: t0 + i, source: `campaign:snow-${Math.floor(i / 32)}`, group: `emergency:snow-${Math.floor(i / 32)}`, locale: i % 2 === 0 ? 'en' : 'es' }, t0 + i),
      status: 'sent',
      attempts: 1,
      sentParts: [{ id: `${1_800_000_000_000_000_000n + BigInt(i)}`, url: `https://x.com/phl311/status/${1_800_000_000_000_000_000n + BigInt(i)}` }],
      updatedAt: t0 + i + 500,
    };
    if (!file.write(`${JSON.stringify({ p: post })}\n`)) await new Promise<void>((resolve) => file.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve, reject) => file.end((error?: Error | null) => (error ? reject(error) : resolve())));
  return fs.statSync(path.join(dir, 'state.jsonl')).size;
}

function child<T>(args: string[]): Promise<T> {
  return new Promise((resolve, reject) => {
    // The journal store holds every post in memory: give it room rather than measure a crash.
    const proc = spawn(process.execPath, ['--expose-gc', '--max-old-space-size=12288', '--import', 'tsx', path.resolve('bench/store-child.ts'), ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
    proc.once('exit', (code) => {
      const line = out.trim().split('\n').pop() ?? '';
      if (code === 0 && line.startsWith('{')) resolve(JSON.parse(line) as T);
      else reject(new Error(`bench child ${args[0]} exited ${code}: ${out.slice(-500)}`));
    });
  });
}

export async function benchStore(stored = Number(process.env['BENCH_STORED_POSTS'] ?? 1_000_000)): Promise<BenchRow[]> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'civicast-bench-store-'));
  try {
    const journalDir = path.join(root, 'journal');
    const sqliteDir = path.join(root, 'sqlite');
    const journalBytes = await writeJournal(journalDir, stored);
    fs.cpSync(journalDir, sqliteDir, { recursive: true });
    const imported = await child<{ importMs: number; imported: number }>(['sqlite-import', sqliteDir]);
    const dbBytes = fs.statSync(path.join(sqliteDir, 'civicast.db')).size;
    // Each dispatch run gets the same starting state (its new posts must not already exist).
    const sqliteFullDir = path.join(root, 'sqlite-full');
    fs.cpSync(sqliteDir, sqliteFullDir, { recursive: true });
    // The journal store compacts on open: measure the second open, as a restart would be.
    await child<OpenResult>(['journal', journalDir, '0']);
    // The journal side dispatches once, so its new posts are new too.
    const journal = await child<OpenResult>(['journal', journalDir, String(DISPATCHED)]);
    const sqlite = await child<OpenResult>(['sqlite', sqliteDir, String(DISPATCHED), 'NORMAL']);
    const full = await child<OpenResult>(['sqlite', sqliteFullDir, String(DISPATCHED), 'FULL']);
    const sync = [
      { mode: 'NORMAL (default)', result: sqlite },
      { mode: 'FULL (SQLITE_SYNCHRONOUS=FULL)', result: full },
    ];
    const n = stored.toLocaleString('en-US');
    const throughput = (r: OpenResult) => (r.dispatch === undefined ? 'n/a' : `${Math.round(r.dispatch.perSecond)} posts/s`);
    const latency = (r: OpenResult) => (r.dispatch === undefined ? '' : `enqueue→sent p50 ${ms(r.dispatch.p50)}, p99 ${ms(r.dispatch.p99)}`);
    return [
      { name: `restart with ${n} stored posts, SQLite (default) vs journal (before)`, value: `${ms(sqlite.openMs)} vs ${ms(journal.openMs)}`, note: `from opening the store to its first claim, each in a fresh process; memory after open: RSS ${mib(sqlite.rssBytes)} vs ${mib(journal.rssBytes)}, heap ${mib(sqlite.heapBytes)} vs ${mib(journal.heapBytes)}` },
      ...sync.map((r) => ({ name: `outbox dispatch with ${n} stored posts, SQLite synchronous=${r.mode}`, value: throughput(r.result), note: `${DISPATCHED} new posts → file channel; ${latency(r.result)}` })),
      { name: `outbox dispatch with ${n} stored posts, journal (before)`, value: throughput(journal), note: `${DISPATCHED} new posts → file channel; ${latency(journal)}` },
      { name: `state on disk for ${n} posts, SQLite vs journal`, value: `${mib(dbBytes)} vs ${mib(journalBytes)}`, note: `one-time import of the journal into SQLite: ${ms(imported.importMs)} (${imported.imported.toLocaleString('en-US')} posts)` },
    ];
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}
