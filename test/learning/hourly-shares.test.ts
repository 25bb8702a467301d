import { describe, expect, it } from 'vitest';
import { hourlyCounter, hourlyShares } from '../../src/learning/hourly-shares.js';

describe('hourlyShares', () => {
  it('gives each hour its share answered, handed off and urgent (possible danger counted as urgent)', () => {
    const now = Date.parse('2026-11-26T18:30:00Z');
    const earlier = now - 3_600_000;
    const counters = { [hourlyCounter(now, 'answered')]: 6, [hourlyCounter(now, 'handoff')]: 3, [hourlyCounter(now, 'possible')]: 1, [hourlyCounter(earlier, 'urgent')]: 2 };
    expect(hourlyCounter(now, 'answered')).toBe('replies.hourly.2026-11-26T18.answered');
    const [current, previous, empty] = hourlyShares(counters, now, 3);
    expect(current).toEqual({ hour: Date.parse('2026-11-26T18:00:00Z'), total: 10, answered: 6, handoff: 3, urgent: 1, answeredPct: 60, handoffPct: 30, urgentPct: 10 });
    expect(previous).toMatchObject({ total: 2, urgent: 2, urgentPct: 100 });
    expect(empty).toMatchObject({ total: 0, answeredPct: 0 });
  });
});
