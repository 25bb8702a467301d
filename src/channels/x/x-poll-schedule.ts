/** The part of X's rate-limit headers the poller needs (x-rate-limit-remaining / -reset). */
export interface WindowInfo {
  remaining: number;
  /** Epoch seconds when the window resets. */
  reset: number;
}

/**
 * Delay until the next mentions poll. The configured interval is a floor; the rest comes from the
 * headers of the last answer: the calls left in the window are spread evenly over the time left,
 * and an exhausted window waits for its reset. So the pace follows whatever tier the account is
 * on instead of hard-coded numbers.
 */
export function nextPollDelayMs(pollSeconds: number, window: WindowInfo | undefined, now: number): number {
  const floor = pollSeconds * 1000;
  if (window === undefined || !Number.isFinite(window.remaining) || !Number.isFinite(window.reset)) return floor;
  const untilReset = window.reset * 1000 - now;
  if (untilReset <= 0) return floor;
  // One second of slack: X's reset is rounded to the second.
  if (window.remaining <= 0) return Math.max(floor, untilReset + 1000);
  return Math.max(floor, Math.ceil(untilReset / window.remaining));
}
