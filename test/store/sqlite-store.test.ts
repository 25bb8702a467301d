import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { newPost } from '../../src/domain/post.js';
import { SqliteStore, StateLockedError } from '../../src/store/sqlite/sqlite-store.js';
import { storeContract } from '../contract/store-contract.js';

const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'civicast-sqlite-'));

storeContract('sqlite (in memory)', async (options) => {
  const store = new SqliteStore({ file: ':memory:', ...options });
  return { store, cleanup: () => store.close() };
});

storeContract('sqlite (file)', async (options) => {
  const dir = tempDir();
  const file = path.join(dir, 'civicast.db');
  let store = new SqliteStore({ file, ...options });
  return {
    store,
    reopen: async () => {
      await store.close();
      store = new SqliteStore({ file, ...options });
      return store;
    },
    cleanup: async () => {
      await store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
});

describe('sqlite store file', () => {
  it('refuses a second handle on the same file while the first is open', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'civicast.db');
    const first = new SqliteStore({ file });
    expect(() => new SqliteStore({ file })).toThrow(StateLockedError);
    expect(() => new SqliteStore({ file })).toThrow(/in use by another civicast process/);
    await first.close();
    const second = new SqliteStore({ file });
    await second.close();
  });

  it('makes a consistent backup that opens as a store, and never overwrites a file', async () => {
    const dir = tempDir();
    const store = new SqliteStore({ file: path.join(dir, 'civicast.db') });
    const now = Date.now();
    for (let i = 0; i < 50; i++) await store.enqueuePost(newPost({ id: `b${i}`, channel: 'file', parts: [`post ${i}`], priority: 'routine', dueAt: now, source: 'test' }, now));
    await store.putDoc('pause', 'global', { by: 'user:ops' });
    const result = await store.backup(path.join(dir, 'copy.db'));
    expect(result.bytes).toBeGreaterThan(0);
    await expect(store.backup(path.join(dir, 'copy.db'))).rejects.toThrow(/exists/);
    await store.close();
    const copy = new SqliteStore({ file: path.join(dir, 'copy.db') });
    expect((await copy.countPosts()).pending).toBe(50);
    expect(await copy.getDoc('pause', 'global')).toEqual({ by: 'user:ops' });
    await copy.close();
  });

  it('hands claims of a dead process to the next one at once', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'civicast.db');
    const now = Date.now();
    const dead = new SqliteStore({ file });
    await dead.enqueuePost(newPost({ id: 'p', channel: 'file', parts: ['x'], priority: 'emergency', dueAt: now, source: 'test' }, now));
    await dead.claimPosts({ now, limit: 1, owner: 'dead', leaseMs: 3_600_000 });
    await dead.updateClaimed('p', 'dead', { status: 'attempting', attempts: 1 }, now);
    await dead.close();
    const next = new SqliteStore({ file });
    const claim = await next.claimPosts({ now, limit: 1, owner: 'next', leaseMs: 60_000 });
    expect(claim.recovered.map((p) => [p.id, p.status, p.claimOwner])).toEqual([['p', 'attempting', 'next']]);
    await next.close();
  });
});
