import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDangerLexicons } from '../../../src/faq/danger/danger-lexicon.js';
import { DangerDetector } from '../../../src/faq/danger/danger-detector.js';
import { loadDangerModel } from '../../../src/faq/danger/danger-model.js';
import { LexiconReader } from '../../../src/faq/danger/lexicon-reader.js';
import { withoutStreetAddresses } from '../../../src/faq/danger/street-addresses.js';
import { typoKnownWords } from '../../../src/faq/danger/typo-known-words.js';

const squeeze = (text: string) => withoutStreetAddresses(text).replace(/\s+/g, ' ').trim();

describe('street addresses: where, not what happened', () => {
  it('takes out house numbers with their street, and flat numbers', () => {
    expect(squeeze('my dad fell 2417 N Marshall St apt 3B')).toBe('my dad fell');
    expect(squeeze('mom oxygen out 1400 ridge rd apt 3. help')).toBe('mom oxygen out . help');
    expect(squeeze('send help to 55 West Allegheny Avenue now')).toBe('send help to now');
    expect(squeeze('120 E 5th Street, smoke in the hall')).toBe(', smoke in the hall');
    expect(squeeze('Unit #4 smells like gas')).toBe('smells like gas');
    expect(squeeze('calle 5 apto 2 huele a gas')).toBe('calle 5 huele a gas');
  });

  it('leaves numbers that are part of what happened', () => {
    for (const text of ['stuck 2 hours on the road, car in water', 'my 3 kids are in the car', 'the AC unit is broken', '3 people on the 2nd floor', 'we have been 3 days on Kings Highway', 'at 5th st and Girard']) {
      expect(withoutStreetAddresses(text)).toBe(text);
    }
  });

  it('reads hostile text through, without backtracking', () => {
    const names = '12 Ab Cd Ef '.repeat(8000);
    expect(withoutStreetAddresses(names)).toBe(names);
    expect(withoutStreetAddresses('1 apt 2 '.repeat(10_000))).not.toMatch(/apt/);
    expect(squeeze('1 Ab St '.repeat(10_000))).toBe('');
  });

  // An address after a danger had moved the model both ways: streets towards no danger (learnt
  // from complaints), flat numbers towards danger (learnt from dangerous posts that give them).
  it('a danger reads the same with its address', () => {
    const reader = new LexiconReader(loadDangerLexicons(path.resolve('faq/danger')), typoKnownWords());
    const detector = new DangerDetector(reader, loadDangerModel(path.resolve('faq/danger')));
    for (const text of ['my grandma slipped in the tub and she is not answering me', 'mi tío se cayó en la nieve y no se mueve', 'the plow pile is blocking my driveway again']) {
      const bare = detector.detect(text);
      for (const address of [' 2417 N Marshall St apt 3B', ' 1400 ridge rd', ' Apt 3B']) {
        const withAddress = detector.detect(`${text}${address}`);
        expect(withAddress.tier).toBe(bare.tier);
        expect(withAddress.probability).toBeCloseTo(bare.probability, 6);
      }
    }
  });
});
