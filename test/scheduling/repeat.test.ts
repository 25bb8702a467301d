import { describe, expect, it } from 'vitest';
import { describeCron, repeatToCron } from '../../src/scheduling/repeat.js';

const NY = 'America/New_York';

describe('repeat → cron', () => {
  it('keeps the wall-clock time and weekday of the first occurrence in the city zone', () => {
    // Monday 2026-01-19 07:30 in New York is 12:30Z (EST).
    const monday = Date.parse('2026-01-19T12:30:00Z');
    expect(repeatToCron('daily', monday, NY)).toBe('30 7 * * *');
    expect(repeatToCron('weekdays', monday, NY)).toBe('30 7 * * 1-5');
    expect(repeatToCron('weekly', monday, NY)).toBe('30 7 * * 1');
    // Summer time: 07:30 EDT is 11:30Z; the cron still says 07:30.
    expect(repeatToCron('daily', Date.parse('2026-07-20T11:30:00Z'), NY)).toBe('30 7 * * *');
    // Late evening in New York is already the next day in UTC: the weekday is New York's.
    expect(repeatToCron('weekly', Date.parse('2026-01-20T03:15:00Z'), NY)).toBe('15 22 * * 1');
  });

  it('describes the common rhythms in words and anything else as cron', () => {
    expect(describeCron('30 7 * * *')).toBe('every day at 07:30');
    expect(describeCron('0 17 * * 1-5')).toBe('weekdays at 17:00');
    expect(describeCron('5 9 * * 0')).toBe('every Sunday at 09:05');
    expect(describeCron('*/15 * * * *')).toBe('cron */15 * * * *');
  });
});
