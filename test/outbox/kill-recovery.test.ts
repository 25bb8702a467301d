import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readFileRecords } from '../../src/channels/file/file-channel.js';
import { newPost } from '../../src/domain/post.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { killHard, sleep, spawnTs, waitFor } from '../support/child-process.js';

const CHILD = 'test/support/dispatcher-child.ts';

describe('dispatcher killed with SIGKILL at random points', () => {
  it('delivers each of 200 posts to the file channel exactly once across kills and restarts', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'civicast-kill-'));
    const out = path.join(dir, 'posts.jsonl');
    const seed = new SqliteStore({ file: path.join(dir, 'state', 'civicast.db') });
    const now = Date.now();
    for (let i = 0; i < 200; i++) {
      await seed.enqueuePost(newPost({ id: `post-${i}`, channel: 'file', parts: [`announcement ${i}`], priority: 'routine', dueAt: now, source: 'test' }, now));
    }
    await seed.close();
    const env = { STATE_DIR: path.join(dir, 'state'), OUT_FILE: out, SEND_DELAY_MS: '8' };

    let kills = 0;
    let progressed = 0;
    for (let round = 0; round < 8; round++) {
      const child = await spawnTs(CHILD, env);
      await sleep(80 + Math.floor(Math.random() * 250));
      await killHard(child);
      kills++;
      const sent = readFileRecords(out).length;
      if (sent > progressed) progressed = sent;
      if (sent >= 200) break;
    }
    // Final run to completion.
    const child = await spawnTs(CHILD, env);
    await waitFor(() => new Set(readFileRecords(out).map((r) => r.key)).size >= 200, 60_000, 'all posts delivered');
    await sleep(300);
    await killHard(child);

    const keys = readFileRecords(out).map((r) => r.key);
    const counts = new Map<string, number>();
    for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
    const doubled = [...counts].filter(([, n]) => n > 1);
    expect(kills).toBeGreaterThan(0);
    expect(progressed).toBeGreaterThan(0);
    expect(doubled).toEqual([]);
    expect(counts.size).toBe(200);

    const check = new SqliteStore({ file: path.join(dir, 'state', 'civicast.db') });
    const statuses = await check.countPosts();
    await check.close();
    // The last child may have been killed after the append but before recording "sent";
    // whatever is left is a claimed or attempting post that the next start reconciles.
    expect(statuses.sent + statuses.attempting + statuses.claimed).toBe(200);
    expect(statuses.failed + statuses.pending).toBe(0);
  }, 120_000);

  it('reconciles instead of resending after a kill between the platform call and the record', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'civicast-kill-'));
    const out = path.join(dir, 'posts.jsonl');
    const stateDir = path.join(dir, 'state');
    const store = new SqliteStore({ file: path.join(stateDir, 'civicast.db') });
    const now = Date.now();
    await store.enqueuePost(newPost({ id: 'p1', channel: 'file', parts: ['one'], priority: 'emergency', dueAt: now, source: 'test' }, now));
    // Simulate the crashed process: claimed, marked attempting, platform got it, nothing recorded.
    await store.claimPosts({ now, limit: 1, owner: 'dead', leaseMs: 60_000 });
    await store.updateClaimed('p1', 'dead', { status: 'attempting', attempts: 1 }, now);
    fs.appendFileSync(out, JSON.stringify({ key: 'p1', channel: 'file', text: 'one', at: new Date(now).toISOString() }) + '\n');
    await store.close();

    const child = await spawnTs(CHILD, { STATE_DIR: stateDir, OUT_FILE: out });
    const reader = () => new SqliteStore({ file: path.join(stateDir, 'civicast.db') });
    await sleep(500);
    await killHard(child);
    const after = reader();
    expect((await after.getPost('p1'))?.status).toBe('sent');
    await after.close();
    expect(readFileRecords(out).filter((r) => r.key === 'p1')).toHaveLength(1);
  }, 60_000);
});
