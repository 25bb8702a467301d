import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDangerLexicons } from '../../../src/faq/danger/danger-lexicon.js';
import { DangerDetector } from '../../../src/faq/danger/danger-detector.js';
import { loadDangerModel } from '../../../src/faq/danger/danger-model.js';
import { LexiconReader } from '../../../src/faq/danger/lexicon-reader.js';
import { withoutPhoneNumbers } from '../../../src/faq/danger/phone-numbers.js';
import { typoKnownWords } from '../../../src/faq/danger/typo-known-words.js';

const squeeze = (text: string) => withoutPhoneNumbers(text).replace(/\s+/g, ' ').trim();

describe('phone numbers: how to call back, not what happened', () => {
  it('takes out phone numbers as people write them, in any country', () => {
    expect(squeeze('my number is 215-555-0142')).toBe('my number is');
    expect(squeeze('call me (215) 555 0142 pls')).toBe('call me pls');
    expect(squeeze('+1 215.555.0142')).toBe('');
    expect(squeeze('rappelez-moi au 06 12 34 56 78')).toBe('rappelez-moi au');
    expect(squeeze('电话13800138000')).toBe('电话13800138000');
    expect(squeeze('电话 13800138000')).toBe('电话');
  });

  it('keeps 911 when it runs into a number', () => {
    expect(squeeze('called 911 215 555 0142 no answer')).toBe('called 911 no answer');
    expect(withoutPhoneNumbers('call 911 now')).toBe('call 911 now');
  });

  it('leaves numbers that are part of what happened', () => {
    for (const text of ['3 kids 2 dogs in the car', 'since 11:45pm', 'the route 23 bus', 'a $1,250.00 fine', '12/25/2026', 'my 2024 Honda', '911']) {
      expect(withoutPhoneNumbers(text)).toBe(text);
    }
  });

  it('reads hostile text through in one pass', () => {
    const digits = '12 34 56 78 90 '.repeat(20_000);
    expect(squeeze(digits).length).toBe(0);
    const dashes = `${'12-'.repeat(50_000)}a`;
    expect(withoutPhoneNumbers(dashes)).toContain('a');
  });

  // A phone number after a danger had moved the model to no danger: digits were learnt from
  // complaints, and "555" is Khmer laughter to the Khmer lexicon.
  it('a danger reads the same with a phone number after it', () => {
    const reader = new LexiconReader(loadDangerLexicons(path.resolve('faq/danger')), typoKnownWords());
    const detector = new DangerDetector(reader, loadDangerModel(path.resolve('faq/danger')));
    for (const text of ['my dad fell on the ice and cant get up', 'mi tío se cayó en la nieve y no se mueve', 'the plow pile is blocking my driveway again']) {
      const bare = detector.detect(text);
      for (const phone of [' 215-555-0142', ' (267) 555 0199', ' +1 215 555 0142']) {
        const withPhone = detector.detect(`${text}${phone}`);
        expect(withPhone.tier).toBe(bare.tier);
        expect(withPhone.probability).toBeCloseTo(bare.probability, 6);
      }
    }
  });
});
