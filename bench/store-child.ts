/**
 * One measurement of `bench/store.ts`, in its own process so memory and start-up are its own:
 *   journal <dir> <posts>        open the journal store on <dir> (replay + compaction), then dispatch <posts>
 *   sqlite-import <dir>          import <dir>'s journal into <dir>/civicast.db (the one-time migration)
 *   sqlite <dir> <posts> <sync>  open <dir>/civicast.db (synchronous=<sync>), then dispatch <posts>
 * Prints one JSON line: openMs, rssBytes, heapBytes, and the dispatch result.
 */
import path from 'node:path';
import { MemoryStore } from '../src/store/memory/memory-store.js';
import { importJournal } from '../src/store/sqlite/import-journal.js';
import { SqliteStore } from '../src/store/sqlite/sqlite-store.js';
import type { Store } from '../src/store/store.js';
import { runDispatch } from './dispatch.js';

const [mode, dir, postsArg, sync] = process.argv.slice(2) as [string, string, string | undefined, 'FULL' | 'NORMAL' | undefined];
const posts = Number(postsArg ?? 0);
const memory = () => {
  (globalThis as { gc?: () => void }).gc?.();
  return { rssBytes: process.memoryUsage().rss, heapBytes: process.memoryUsage().heapUsed };
};

let store: Store;
const started = performance.now();
if (mode === 'journal') {
  store = new MemoryStore({ stateDir: dir });
} else if (mode === 'sqlite-import') {
  const sqlite = new SqliteStore({ file: path.join(dir, 'civicast.db') });
  const imported = importJournal(dir, sqlite, Date.now());
  const importMs = performance.now() - started;
  await sqlite.close();
  process.stdout.write(`${JSON.stringify({ importMs, imported: imported?.posts ?? 0, ...memory() })}\n`);
  process.exit(0);
} else {
  store = new SqliteStore({ file: path.join(dir, 'civicast.db'), ...(sync === undefined ? {} : { synchronous: sync }) });
}
// Open = ready to claim: the first claim is part of it (the journal store scans every post).
await store.claimPosts({ now: 0, limit: 1, owner: 'bench-open', leaseMs: 1 });
const openMs = performance.now() - started;
const atOpen = memory();
const stored = (await store.countPosts()).sent;
const dispatch = posts > 0 ? await runDispatch(store, posts) : undefined;
await store.close();
process.stdout.write(`${JSON.stringify({ openMs, stored, ...atOpen, dispatch })}\n`);
process.exit(0);
