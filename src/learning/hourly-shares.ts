/** Counter prefix of the per-hour reply outcomes: `replies.hourly.<UTC hour>.<outcome>`. */
export const HOURLY_PREFIX = 'replies.hourly.';

const HOUR_MS = 3_600_000;

/** The counter for one outcome in the UTC hour holding `at` (`2026-11-26T18`). */
export function hourlyCounter(at: number, outcome: string): string {
  return `${HOURLY_PREFIX}${new Date(at).toISOString().slice(0, 13)}.${outcome}`;
}

export interface HourShare {
  /** Start of the hour, epoch ms. */
  hour: number;
  total: number;
  answered: number;
  handoff: number;
  /** Clear and possible danger together: someone may be in danger. */
  urgent: number;
  answeredPct: number;
  handoffPct: number;
  urgentPct: number;
}

/** The last `hours` hours (newest first) from the counters, with the share of each outcome. */
export function hourlyShares(counters: Readonly<Record<string, number>>, now: number, hours = 24): HourShare[] {
  const rows: HourShare[] = [];
  const current = Math.floor(now / HOUR_MS) * HOUR_MS;
  for (let i = 0; i < hours; i++) {
    const hour = current - i * HOUR_MS;
    const count = (outcome: string) => counters[hourlyCounter(hour, outcome)] ?? 0;
    const answered = count('answered');
    const handoff = count('handoff');
    const urgent = count('urgent') + count('possible');
    const total = answered + handoff + urgent;
    const pct = (n: number) => (total === 0 ? 0 : Math.round((n / total) * 100));
    rows.push({ hour, total, answered, handoff, urgent, answeredPct: pct(answered), handoffPct: pct(handoff), urgentPct: pct(urgent) });
  }
  return rows;
}
