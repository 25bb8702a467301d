import { describe, expect, it } from 'vitest';
import { parseParams } from '../../../src/http/console/form.js';
import { cityTimeToEpoch } from '../../../src/http/console/local-time.js';
import { countSyllables, readability } from '../../../src/http/console/readability.js';

describe('readability (Flesch-Kincaid grade)', () => {
  it('grades long, complex sentences higher than short, plain ones', () => {
    const plain = readability('Move your car. Snow is coming. Park off the red sign routes. Call 311 for help.');
    const complex = readability(
      'Residents are respectfully requested to relocate automobiles currently situated along designated snow emergency thoroughfares, notwithstanding previously communicated municipal parking accommodations, immediately following the official proclamation.',
    );
    expect(plain.grade).toBeLessThan(5);
    expect(complex.grade).toBeGreaterThan(14);
    expect(complex.grade).toBeGreaterThan(plain.grade);
    expect(plain.sentences).toBe(4);
  });

  it('ignores links and hashtags and handles empty text', () => {
    expect(readability('')).toEqual({ grade: 0, words: 0, sentences: 0, syllables: 0 });
    expect(readability('Stay home. https://www.phila.gov/snow-emergency-information #NoSavesies').words).toBe(2);
  });

  it('counts syllables roughly like a dictionary', () => {
    expect(countSyllables('snow')).toBe(1);
    expect(countSyllables('emergency')).toBe(4);
    expect(countSyllables('parked')).toBe(1);
    expect(countSyllables('immediately')).toBe(5);
  });
});

describe('console form helpers', () => {
  it('reads key=value lines into typed parameters', () => {
    expect(parseParams('trashDelayDays=1\n# note\n\nroutes = Broad St, Market St\nfree=true')).toEqual({ trashDelayDays: 1, routes: 'Broad St, Market St', free: true });
    expect(() => parseParams('no equals sign')).toThrow(/line 1/);
  });

  it('reads a datetime-local value as city time across daylight saving', () => {
    expect(new Date(cityTimeToEpoch('2025-01-20T06:30', 'America/New_York')).toISOString()).toBe('2025-01-20T11:30:00.000Z');
    expect(new Date(cityTimeToEpoch('2025-07-04T06:30', 'America/New_York')).toISOString()).toBe('2025-07-04T10:30:00.000Z');
  });
});
