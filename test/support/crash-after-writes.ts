import type { Store } from '../../src/store/store.js';

/** Store methods that change durable state: each call is one acknowledged write (one Lua script on Redis). */
const STATE_WRITES = new Set<keyof Store>([
  'enqueuePost',
  'claimPosts',
  'updateClaimed',
  'updateUnclaimed',
  'cancelGroup',
  'pruneFinalPosts',
  'putDoc',
  'putDocIfAbsent',
  'deleteDoc',
  'takeSlot',
  'takeSlots',
  'releaseSlots',
  'markSeen',
  'incrementCounter',
]);

export interface CrashingStore {
  store: Store;
  /** From now on, count state writes; the one after `allowed` more and every later write fail. */
  arm(allowed: number): void;
  /** State writes counted since `arm`. */
  writes(): number;
  crashed(): boolean;
}

/**
 * What a SIGKILL after the n-th write leaves in a shared store (Redis): once armed, the store takes
 * `allowed` state writes and then refuses every write, as if the process had died there. Reads go
 * on (the dead process's later reads change nothing). Leases pass through, as if they had expired
 * by the time the next process starts, and so does the audit log, which no decision reads.
 */
export function crashAfterWrites(inner: Store): CrashingStore {
  let armed = false;
  let allowed = Number.POSITIVE_INFINITY;
  let count = 0;
  let crashed = false;
  const store = new Proxy(inner, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof value !== 'function') return value;
      const method = value as (...args: unknown[]) => Promise<unknown>;
      if (!STATE_WRITES.has(property as keyof Store)) return method.bind(target);
      return async (...args: unknown[]) => {
        if (armed) {
          if (crashed || count >= allowed) {
            crashed = true;
            throw new Error(`store write ${String(property)} after the simulated crash`);
          }
          count++;
        }
        return method.apply(target, args);
      };
    },
  });
  return {
    store,
    arm(n) {
      armed = true;
      allowed = n;
      count = 0;
    },
    writes: () => count,
    crashed: () => crashed,
  };
}
