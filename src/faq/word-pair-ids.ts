import { PackedWords } from './packed-words.js';

/**
 * The features of word pairs once the knowledge base is read ("come back", "picked up"), looked
 * up by the numbers of their two stems. Stored as compressed rows: for each first stem, the
 * numbers of the stems that follow it in a known pair, ascending, and each pair's feature. About
 * 56,000 pairs took 3.8 MiB as a `Map` of numbers per first stem; these arrays and the packed stems take ~0.7.
 */
export class WordPairIds {
  /** Every stem in a pair; a stem's number is its place in this list. */
  private readonly stems: PackedWords;
  /** Row of first stem `s`: `seconds` and `ids` from `starts[s]` to `starts[s + 1]`. */
  private readonly starts: Int32Array;
  private readonly seconds: Int32Array;
  private readonly ids: Int32Array;

  /** `pairs`: each first stem's second stems and the feature of the pair. */
  constructor(pairs: ReadonlyMap<string, ReadonlyMap<string, number>>) {
    const all: string[] = [];
    for (const [first, seconds] of pairs) all.push(first, ...seconds.keys());
    this.stems = new PackedWords(all);
    const triples: [number, number, number][] = [];
    for (const [first, seconds] of pairs) {
      const a = this.stems.indexOf(first);
      for (const [second, id] of seconds) triples.push([a, this.stems.indexOf(second), id]);
    }
    triples.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
    this.starts = new Int32Array(this.stems.size + 1);
    this.seconds = new Int32Array(triples.length);
    this.ids = new Int32Array(triples.length);
    triples.forEach(([a, b, id], i) => {
      this.starts[a + 1] = i + 1;
      this.seconds[i] = b;
      this.ids[i] = id;
    });
    // Rows of stems that begin no pair are empty: each starts where the one before ends.
    for (let s = 1; s < this.starts.length; s++) this.starts[s] = Math.max(this.starts[s] as number, this.starts[s - 1] as number);
  }

  /** The number of `stem` in the pairs (first or second word), or -1 when it is in none. */
  stemId(stem: string): number {
    return this.stems.indexOf(stem);
  }

  /** The feature of the pair of stems numbered `first`, `second`, or -1. */
  get(first: number, second: number): number {
    let low = this.starts[first] as number;
    let high = (this.starts[first + 1] as number) - 1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      const at = this.seconds[mid] as number;
      if (at < second) low = mid + 1;
      else if (at > second) high = mid - 1;
      else return this.ids[mid] as number;
    }
    return -1;
  }
}
