import { describe, expect, it } from 'vitest';
import { occurrenceText, repeatedTextWarnings, variesByOccurrence } from '../../src/scheduling/occurrence-text.js';

describe('occurrence text', () => {
  const at = new Date('2026-01-20T12:00:00Z'); // 7:00 AM in Philadelphia

  it('fills date, time and weekday in the schedule’s zone and language, and leaves other braces alone', () => {
    expect(occurrenceText('Good morning, {weekday} {date} at {time}. {not a token}', at, 'America/New_York')).toMatch(/^Good morning, Tuesday Jan 20 at 7:00\s?AM\. \{not a token\}$/);
    expect(occurrenceText('Buenos días, {weekday} {date}', at, 'America/New_York', 'es')).toBe('Buenos días, martes 20 ene');
    expect(occurrenceText('{{city.name}}', at, 'America/New_York')).toBe('{{city.name}}');
    expect(variesByOccurrence('fixed text')).toBe(false);
    expect(variesByOccurrence('update {time}')).toBe(true);
  });

  it('warns about fixed recurring text on a channel that refuses repeats, through groups and "all"', () => {
    const config = {
      channels: { 'x-311': { kind: 'x', enabled: true }, masto: { kind: 'mastodon', enabled: true }, 'x-off': { kind: 'x', enabled: false } },
      channelGroups: { departments: ['x-311', 'masto'] },
      schedules: [
        { id: 'morning', text: 'Good morning', channels: ['departments'], enabled: true },
        { id: 'stamped', text: 'Good morning {date}', channels: ['all'], enabled: true },
        { id: 'masto-only', text: 'Good morning', channels: ['masto', 'x-off'], enabled: true },
      ],
    };
    expect(repeatedTextWarnings(config)).toEqual(['schedule morning: x-311 refuse(s) a repeated post; add {date}, {time} or {weekday} to its text']);
  });
});
