import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../../src/store/memory/memory-store.js';
import { storeContract } from '../contract/store-contract.js';

storeContract('memory (no journal)', async (options) => {
  const store = new MemoryStore({ ...options });
  return { store, cleanup: () => store.close() };
});

storeContract('memory + journal', async (options) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'civicast-journal-'));
  let store = new MemoryStore({ stateDir: dir, ...options });
  return {
    store,
    reopen: async () => {
      await store.close();
      store = new MemoryStore({ stateDir: dir, ...options });
      return store;
    },
    cleanup: async () => {
      await store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
});

describe('memory journal', () => {
  it('ignores a torn last line left by a kill mid-write', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'civicast-journal-'));
    const store = new MemoryStore({ stateDir: dir });
    await store.putDoc('c', 'kept', { ok: true });
    await store.close();
    fs.appendFileSync(path.join(dir, 'state.jsonl'), '{"d":["c","torn",{"ok":tr');
    const reopened = new MemoryStore({ stateDir: dir });
    expect(await reopened.getDoc('c', 'kept')).toEqual({ ok: true });
    expect(await reopened.getDoc('c', 'torn')).toBeUndefined();
    await reopened.close();
  });
});
