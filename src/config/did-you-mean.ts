/** Edit distance (insert, delete, replace, swap of neighbours) between two short words. */
function distance(a: string, b: string): number {
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) (rows[0] as number[])[j] = j;
  for (let i = 1; i <= a.length; i++) {
    const row = rows[i] as number[];
    const prev = rows[i - 1] as number[];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row[j] = Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) row[j] = Math.min(row[j] as number, ((rows[i - 2] as number[])[j - 2] as number) + 1);
    }
  }
  return (rows[a.length] as number[])[b.length] as number;
}

/**
 * The known word a typo most likely meant: closest by edit distance (case ignored), and close
 * enough to be the same word (at most a third of its letters, and at most 3).
 */
export function didYouMean(word: string, known: Iterable<string>): string | undefined {
  let best: { candidate: string; d: number } | undefined;
  for (const candidate of known) {
    const d = distance(word.toLowerCase(), candidate.toLowerCase());
    if (d <= Math.min(3, Math.max(1, Math.floor(candidate.length / 3))) && (best === undefined || d < best.d)) best = { candidate, d };
  }
  return best?.candidate;
}

/** `unknown key "tokenEnvv" (did you mean "tokenEnv"?)`, or with the known keys when nothing is close. */
export function unknownKeyMessage(key: string, known: readonly string[], what = 'key'): string {
  const guess = didYouMean(key, known);
  if (guess !== undefined) return `unknown ${what} "${key}" (did you mean "${guess}"?)`;
  return known.length === 0 ? `unknown ${what} "${key}"` : `unknown ${what} "${key}" (known: ${[...known].sort().join(', ')})`;
}
