import { seededRandom } from '../../support/seeded-random.js';

/** A seeded generator (mulberry32 underneath) so every fuzz run can be replayed from its printed seed. */
export interface Rng {
  readonly seed: number;
  /** [0, 1) */
  next(): number;
  /** Integer in [min, max]. */
  int(min: number, max: number): number;
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** A child generator with its own stream, so one document's mutations do not shift the next one's. */
  fork(salt: number): Rng;
}

export function createRng(seed: number): Rng {
  const next = seededRandom(seed);
  const rng: Rng = {
    seed,
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    pick<T>(items: readonly T[]): T {
      if (items.length === 0) throw new Error('pick from an empty list');
      return items[Math.floor(next() * items.length)] as T;
    },
    fork: (salt) => createRng((Math.imul(seed ^ 0x9e3779b9, 31) + Math.imul(salt, 0x85ebca6b)) >>> 0),
  };
  return rng;
}

/** FUZZ_SEED=<n> replays a run; otherwise a fixed seed in the normal suite, a fresh one under STORM=full. */
export function fuzzSeed(full: boolean): number {
  const fromEnv = process.env['FUZZ_SEED'];
  if (fromEnv !== undefined && fromEnv !== '') {
    const n = Number(fromEnv);
    if (!Number.isInteger(n)) throw new Error(`FUZZ_SEED must be an integer, got ${fromEnv}`);
    return n >>> 0;
  }
  return full ? Math.floor(Math.random() * 2 ** 32) >>> 0 : 20_260_120;
}
