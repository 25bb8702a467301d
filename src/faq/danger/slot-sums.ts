import type { Features } from './danger-features.js';

/**
 * Sums feature values per slot of the model's weight table, each slot's values added in the
 * order they come (as a `Map` would: the same doubles, bit for bit), then hands them over sorted
 * by slot. A small open-addressing table sized to the message (a few hundred slots: it stays in
 * the processor's cache, where a `Map` or a table as large as the model's would not), reused from
 * message to message: a message is read start to end synchronously, and `start` discards whatever
 * one that threw left behind.
 */
export class SlotSums {
  private bits = 8;
  private keys = new Int32Array(2 ** this.bits).fill(-1);
  private sums = new Float64Array(2 ** this.bits);
  /** Table positions in use, so clearing and reading cost what the message touched. */
  private used = new Int32Array(2 ** (this.bits - 1));
  private count = 0;

  /** Forgets every sum. */
  start(): void {
    for (let i = 0; i < this.count; i++) this.keys[this.used[i] as number] = -1;
    this.count = 0;
  }

  /** Adds `value` to `slot`'s sum (`slot` below 2^31). */
  add(slot: number, value: number): void {
    const mask = this.keys.length - 1;
    let at = Math.imul(slot, 0x9e3779b1) >>> (32 - this.bits);
    for (;;) {
      const key = this.keys[at] as number;
      if (key === slot) {
        this.sums[at] = (this.sums[at] as number) + value;
        return;
      }
      if (key === -1) break;
      at = (at + 1) & mask;
    }
    this.keys[at] = slot;
    // `0 + value` is `value` exactly, as a Map's `(get ?? 0) + value` gives.
    this.sums[at] = 0 + value;
    this.used[this.count++] = at;
    if (2 * this.count >= this.keys.length) this.grow();
  }

  /** The sums as a sparse vector, slots ascending; then forgets them. */
  take(): Features {
    const order = byKey(this.keys, this.used, this.count);
    const slots = new Uint32Array(this.count);
    const values = new Float32Array(this.count);
    for (let i = 0; i < this.count; i++) {
      const at = order[i] as number;
      slots[i] = this.keys[at] as number;
      values[i] = this.sums[at] as number;
    }
    this.start();
    return { slots, values };
  }

  /**
   * Σ `weights[slot]` × the slot's sum (as the 32-bit float `take` would store it), then forgets
   * the sums: a linear model's score without sorting or building the vector. Added in the order
   * the slots came, so it can differ from the sum over `take`'s vector in the last bits of a double.
   */
  dot(weights: Int16Array): number {
    let total = 0;
    for (let i = 0; i < this.count; i++) {
      const at = this.used[i] as number;
      total += (weights[this.keys[at] as number] as number) * Math.fround(this.sums[at] as number);
    }
    this.start();
    return total;
  }

  /** Twice the room, same sums: a long message. */
  private grow(): void {
    const entries = Array.from(this.used.subarray(0, this.count), (at) => [this.keys[at] as number, this.sums[at] as number] as const);
    this.bits++;
    this.keys = new Int32Array(2 ** this.bits).fill(-1);
    this.sums = new Float64Array(2 ** this.bits);
    this.used = new Int32Array(2 ** (this.bits - 1));
    this.count = 0;
    const mask = this.keys.length - 1;
    for (const [slot, sum] of entries) {
      let at = Math.imul(slot, 0x9e3779b1) >>> (32 - this.bits);
      while (this.keys[at] !== -1) at = (at + 1) & mask;
      this.keys[at] = slot;
      this.sums[at] = sum;
      this.used[this.count++] = at;
    }
  }
}

/** Counts per bucket of the sort below (one more than buckets: the starts are built in place). */
const buckets = new Int32Array(257);
let ordered = new Int32Array(256);

/**
 * The table positions in use, by ascending slot: one counting pass on the slots' top eight bits,
 * then an insertion sort that has almost nothing left to move (a message's slots are hashes,
 * spread evenly). A few hundred numbers: a generic sort costs more than the rest of the
 * message's features. Valid until the next call.
 */
function byKey(keys: Int32Array, used: Int32Array, count: number): Int32Array {
  if (ordered.length < count) ordered = new Int32Array(2 * count);
  let max = 0;
  for (let i = 0; i < count; i++) max = Math.max(max, keys[used[i] as number] as number);
  const shift = Math.max(0, 32 - Math.clz32(max) - 8);
  buckets.fill(0);
  for (let i = 0; i < count; i++) {
    const bucket = ((keys[used[i] as number] as number) >>> shift) + 1;
    buckets[bucket] = (buckets[bucket] as number) + 1;
  }
  for (let b = 1; b < buckets.length; b++) buckets[b] = (buckets[b] as number) + (buckets[b - 1] as number);
  for (let i = 0; i < count; i++) {
    const at = used[i] as number;
    const bucket = (keys[at] as number) >>> shift;
    const to = buckets[bucket] as number;
    buckets[bucket] = to + 1;
    ordered[to] = at;
  }
  for (let i = 1; i < count; i++) {
    const at = ordered[i] as number;
    const slot = keys[at] as number;
    let j = i - 1;
    for (; j >= 0 && (keys[ordered[j] as number] as number) > slot; j--) ordered[j + 1] = ordered[j] as number;
    ordered[j + 1] = at;
  }
  return ordered;
}

const shared = new SlotSums();

/** The process's sums, emptied. */
export function slotSumsFor(): SlotSums {
  shared.start();
  return shared;
}
