/**
 * The "fault storm" every platform fake offers: a seeded share of requests answered with a 429,
 * a 500, a reset connection, a slow answer, or (on the post-creating call only) a post that is
 * stored and whose answer is then lost. Each fake adds its own way of choosing which requests.
 */
export interface StormOdds {
  p429?: number;
  p500?: number;
  pSlow?: number;
  pReset?: number;
  pLost?: number;
  slowMs?: number;
  /** Seconds until the platform's reset header on a storm 429 (default 1). */
  resetSeconds?: number;
  seed?: number;
}

export type StormHit = '429' | '500' | 'slow' | 'reset' | 'lost';

export function emptyStormHits(): Record<StormHit, number> {
  return { '429': 0, '500': 0, slow: 0, reset: 0, lost: 0 };
}

/** Which fault (if any) this request gets, for one roll of the storm's generator. */
export function rollStormHit(storm: StormOdds, random: () => number, lostAllowed: boolean): StormHit | undefined {
  const roll = random();
  const table: [StormHit, number][] = [
    ['429', storm.p429 ?? 0],
    ['500', storm.p500 ?? 0],
    ['reset', storm.pReset ?? 0],
    ['lost', lostAllowed ? (storm.pLost ?? 0) : 0],
    ['slow', storm.pSlow ?? 0],
  ];
  let edge = 0;
  for (const [kind, p] of table) {
    edge += p;
    if (roll < edge) return kind;
  }
  return undefined;
}
