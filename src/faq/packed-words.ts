import type { KnownWords } from './typo-fixer.js';

/**
 * A large list of words for membership tests only, sorted and packed into one string with each
 * word's start: a word costs its letters and four bytes, where a `Set` of strings cost ~35 bytes
 * more each (the common-word lists, ~100,000 words, took ~3.6 MiB as sets). A lookup is a binary
 * search, comparing letters in place: no string is built.
 */
export class PackedWords implements KnownWords {
  private readonly letters: string;
  /** Word `i` is `letters` from `starts[i]` to `starts[i + 1]`. */
  private readonly starts: Int32Array;

  constructor(words: Iterable<string>) {
    // Sorted by UTF-16 code units, as `compareAt` compares.
    const sorted = [...new Set(words)].sort();
    this.starts = new Int32Array(sorted.length + 1);
    let at = 0;
    sorted.forEach((word, i) => {
      this.starts[i] = at;
      at += word.length;
    });
    this.starts[sorted.length] = at;
    this.letters = sorted.join('');
  }

  get size(): number {
    return this.starts.length - 1;
  }

  has(word: string): boolean {
    return this.indexOf(word) >= 0;
  }

  /** The word's place in sorted order (0 to `size` - 1, a dense number for it), or -1 when it is not in the list. */
  indexOf(word: string): number {
    let low = 0;
    let high = this.size - 1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      const order = this.compareAt(word, mid);
      if (order === 0) return mid;
      if (order < 0) high = mid - 1;
      else low = mid + 1;
    }
    return -1;
  }

  /** Negative when `word` sorts before word `i`, positive after, 0 when they are the same. */
  private compareAt(word: string, i: number): number {
    const start = this.starts[i] as number;
    const length = (this.starts[i + 1] as number) - start;
    const shared = Math.min(length, word.length);
    for (let k = 0; k < shared; k++) {
      const difference = word.charCodeAt(k) - this.letters.charCodeAt(start + k);
      if (difference !== 0) return difference;
    }
    return word.length - length;
  }
}
