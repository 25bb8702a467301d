import { seededRandom } from '../support/seeded-random.js';

/**
 * Indexing lag, as the real services show it: a new post or mention is stored (and has its
 * timestamp) at once, but shows in timelines, search and notifications only some time later
 * (0.3–2.5 s measured on X and Bluesky). Each fake keeps one of these and hides what is not yet
 * visible from its list endpoints; fetching one record by id is never lagged.
 */
export class IndexingLag {
  private minMs = 0;
  private maxMs = 0;
  private random: () => number = seededRandom(7);
  private readonly visibleAt = new Map<string, number>();

  /** Lag between `minMs` and `maxMs` (uniform, seeded) for everything created from now on. */
  set(minMs: number, maxMs = minMs, seed = 7): void {
    this.minMs = minMs;
    this.maxMs = Math.max(minMs, maxMs);
    this.random = seededRandom(seed);
  }

  /** Called when an item is created: decides when it becomes visible. */
  created(id: string, now = Date.now()): number {
    const lag = this.maxMs === 0 ? 0 : Math.round(this.minMs + this.random() * (this.maxMs - this.minMs));
    const at = now + lag;
    if (lag > 0) this.visibleAt.set(id, at);
    return at;
  }

  /** Whether a list endpoint may show the item now. */
  visible(id: string, now = Date.now()): boolean {
    const at = this.visibleAt.get(id);
    return at === undefined || at <= now;
  }
}

export const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
