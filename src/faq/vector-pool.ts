import type { SparseVector } from './features.js';

/** Entries per chunk: 64 Ki ids and values, ~0.75 MiB; a post has tens of features. */
const CHUNK_ENTRIES = 65_536;

/**
 * Room for many sparse vectors in a few large typed arrays: each vector is a view into a chunk.
 * The classifier's ~11,000 training vectors took two small typed arrays each (22,000 buffers,
 * each with its own allocation and bookkeeping); from chunks they take a few dozen.
 */
export class VectorPool {
  private ids = new Int32Array(0);
  private values = new Float64Array(0);
  private used = 0;

  /** A vector of `length` entries, zero-filled, for the caller to fill. */
  take(length: number): SparseVector {
    if (this.used + length > this.ids.length) {
      const size = Math.max(CHUNK_ENTRIES, length);
      this.ids = new Int32Array(size);
      this.values = new Float64Array(size);
      this.used = 0;
    }
    const start = this.used;
    this.used += length;
    return { ids: this.ids.subarray(start, this.used), values: this.values.subarray(start, this.used) };
  }
}
