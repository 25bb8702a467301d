import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/domain/errors.js';
import { BoundedStore } from '../../src/store/bounded-store.js';
import { MemoryStore } from '../../src/store/memory/memory-store.js';
import type { Store } from '../../src/store/store.js';
import { waitFor } from '../support/child-process.js';

type Mode = 'answers' | 'hangs' | 'refuses' | 'breaks';

/** A store double whose every call answers, never answers, refuses (an AppError) or breaks (a connection error). */
function controllable(): { store: Store; mode: Mode; calls: string[] } {
  const inner = new MemoryStore();
  const state = { mode: 'answers' as Mode, calls: [] as string[], store: undefined as unknown as Store };
  state.store = new Proxy(inner, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof value !== 'function' || typeof property !== 'string') return value;
      return (...args: unknown[]) => {
        state.calls.push(property);
        if (state.mode === 'hangs') return new Promise(() => undefined);
        if (state.mode === 'breaks') return Promise.reject(new Error('Connection is closed.'));
        if (state.mode === 'refuses' && property !== 'ping') return Promise.reject(new AppError('CONFLICT', 'refused'));
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return state;
}

const code = (promise: Promise<unknown>) => promise.then(() => 'ok', (error: unknown) => (error instanceof AppError ? error.code : 'other'));

describe('BoundedStore: every store call ends, and a store that does not answer is not waited for', () => {
  it('fails a call that does not answer, then fails at once without asking, until the store answers again', async () => {
    const inner = controllable();
    const changes: boolean[] = [];
    const store = new BoundedStore(inner.store, { timeoutMs: 50, probeIntervalMs: 10, onChange: (up) => changes.push(up) });
    expect(await store.putDoc('c', 'a', { v: 1 })).toBeUndefined();
    inner.mode = 'hangs';
    expect(await code(store.getDoc('c', 'a'))).toBe('STORE_UNAVAILABLE');
    expect(store.available).toBe(false);
    const before = inner.calls.filter((c) => c === 'getDoc').length;
    expect(await code(store.getDoc('c', 'a'))).toBe('STORE_UNAVAILABLE');
    expect(inner.calls.filter((c) => c === 'getDoc')).toHaveLength(before);
    expect(await store.ping()).toBe(false);
    inner.mode = 'answers';
    await waitFor(() => store.available, 10_000, 'the probe to find the store again');
    expect(await store.getDoc('c', 'a')).toEqual({ v: 1 });
    expect(changes).toEqual([false, true]);
    await store.close();
  });

  it('tells a refused call from a store that is gone', async () => {
    const inner = controllable();
    const store = new BoundedStore(inner.store, { timeoutMs: 50, probeIntervalMs: 10 });
    inner.mode = 'refuses';
    // The store said no: it answered, so it is not down (and is not even asked whether it is).
    expect(await code(store.listDocs('c'))).toBe('CONFLICT');
    expect(store.available).toBe(true);
    expect(inner.calls).not.toContain('ping');
    inner.mode = 'breaks';
    expect(await code(store.listDocs('c'))).toBe('other');
    await waitFor(() => !store.available, 10_000, 'the check after a broken connection');
    inner.mode = 'answers';
    await waitFor(() => store.available, 10_000, 'recovery');
    await store.close();
  });

  it('closes even when the store never acknowledges', async () => {
    const inner = controllable();
    const store = new BoundedStore(inner.store, { timeoutMs: 50 });
    inner.mode = 'hangs';
    await expect(store.close()).resolves.toBeUndefined();
    expect(inner.calls).toContain('close');
  });
});
