/**
 * The "fault storm" every platform fake offers: a seeded share of requests answered with a 429,
 * a 500, a reset connection, a slow answer, or (on the post-creating call only) a post that is
 * stored and whose answer is then lost, a post stored and then answered with a 5xx, or a slow
 * commit (the answer comes late and the post appears only when it is committed). Each fake adds
 * its own way of choosing which requests.
 */
export interface StormOdds {
  p429?: number;
  p500?: number;
  pSlow?: number;
  pReset?: number;
  pLost?: number;
  /** Post-creating call: the post is stored, then the answer is a 5xx. */
  p5xxAfterCreate?: number;
  /** Post-creating call: the post is stored only after `slowCommitMs`, then answered. */
  pSlowCommit?: number;
  slowMs?: number;
  /** How long a slow commit takes (default 3000 ms). */
  slowCommitMs?: number;
  /** Seconds until the platform's reset header on a storm 429 (default 1). */
  resetSeconds?: number;
  seed?: number;
}

export type StormHit = '429' | '500' | 'slow' | 'reset' | 'lost' | '5xx-after-create' | 'slow-commit';

export function emptyStormHits(): Record<StormHit, number> {
  return { '429': 0, '500': 0, slow: 0, reset: 0, lost: 0, '5xx-after-create': 0, 'slow-commit': 0 };
}

/** Which fault (if any) this request gets, for one roll of the storm's generator. */
export function rollStormHit(storm: StormOdds, random: () => number, createsPost: boolean): StormHit | undefined {
  const roll = random();
  const table: [StormHit, number][] = [
    ['429', storm.p429 ?? 0],
    ['500', storm.p500 ?? 0],
    ['reset', storm.pReset ?? 0],
    ['lost', createsPost ? (storm.pLost ?? 0) : 0],
    ['5xx-after-create', createsPost ? (storm.p5xxAfterCreate ?? 0) : 0],
    ['slow-commit', createsPost ? (storm.pSlowCommit ?? 0) : 0],
    ['slow', storm.pSlow ?? 0],
  ];
  let edge = 0;
  for (const [kind, p] of table) {
    edge += p;
    if (roll < edge) return kind;
  }
  return undefined;
}
