import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { newPost } from '../../src/domain/post.js';
import { MemoryStore } from '../../src/store/memory/memory-store.js';
import { importJournal } from '../../src/store/sqlite/import-journal.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';

describe('a state directory written by the journal store', () => {
  it('is imported into SQLite once, whole, and the journal kept aside', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'civicast-import-'));
    const now = Date.now();
    const legacy = new MemoryStore({ stateDir: dir });
    await legacy.enqueuePost(newPost({ id: 'sent-1', channel: 'x', parts: ['a'], priority: 'emergency', dueAt: now, source: 'test' }, now));
    await legacy.claimPosts({ now, limit: 1, owner: 'old', leaseMs: 60_000 });
    await legacy.updateClaimed('sent-1', 'old', { status: 'sent', sentParts: [{ id: '1' }] }, now);
    await legacy.enqueuePost(newPost({ id: 'later', channel: 'x', parts: ['b'], priority: 'routine', dueAt: now + 3_600_000, source: 'test' }, now));
    await legacy.putDoc('pause', 'global', { paused: true, by: 'user:ops', at: now });
    await legacy.markSeen('inbound', 'm1', 3_600_000, now);
    await legacy.takeSlot('budget:x', 17, 86_400_000, now);
    await legacy.incrementCounter('replies.answered', 4);
    await legacy.appendAudit({ at: now, actor: 'user:ops', action: 'outbox.pause' });
    await legacy.close();

    const store = new SqliteStore({ file: path.join(dir, 'civicast.db') });
    const report = importJournal(dir, store, now);
    expect(report).toMatchObject({ posts: 2, docs: 1, audit: 1, keptAs: [path.join(dir, 'state.jsonl.imported'), path.join(dir, 'audit.jsonl.imported')] });
    expect((await store.getPost('sent-1'))?.sentParts).toEqual([{ id: '1' }]);
    expect((await store.listPosts({ status: 'pending' })).map((p) => p.id)).toEqual(['later']);
    expect(await store.getDoc('pause', 'global')).toMatchObject({ paused: true });
    expect(await store.markSeen('inbound', 'm1', 3_600_000, now)).toBe(false);
    expect((await store.takeSlot('budget:x', 17, 86_400_000, now)).used).toBe(2);
    expect(await store.getCounters('replies.')).toEqual({ 'replies.answered': 4 });
    expect((await store.queryAudit({ action: 'outbox' })).map((e) => [e.actor, e.stream])).toEqual([['user:ops', 'staff']]);
    expect(fs.existsSync(path.join(dir, 'state.jsonl'))).toBe(false);
    // Nothing to import the second time; a journal put back by hand is not imported twice.
    expect(importJournal(dir, store, now)).toBeUndefined();
    fs.copyFileSync(path.join(dir, 'state.jsonl.imported'), path.join(dir, 'state.jsonl'));
    expect(importJournal(dir, store, now)).toMatchObject({ posts: 0 });
    expect((await store.countPosts()).pending).toBe(1);
    await store.close();
  });
});
