import { describe, expect, it } from 'vitest';
import { romanizedRussianTrigrams } from '../../../src/faq/language/romanized-russian.js';

describe('romanizedRussianTrigrams', () => {
  it('holds the 300 commonest trigrams of Russian in Latin letters, in franc’s padded form', () => {
    const profile = romanizedRussianTrigrams();
    expect(profile).toHaveLength(300);
    expect(new Set(profile).size).toBe(300);
    for (const trigram of profile) expect(trigram).toMatch(/^[a-z' ]{3}$/);
    // The commonest words' letters lead: "ne", "chto", "eto"...
    expect(profile.slice(0, 30)).toEqual(expect.arrayContaining([' ne', 'ne ']));
    expect(profile).toEqual(expect.arrayContaining(['cht', 'ya ']));
    // Letters translit never writes for Russian.
    expect(profile.some((t) => t.includes('q') || t.includes('w'))).toBe(false);
  });
});
