import { describe, expect, it } from 'vitest';
import type { DangerTier } from '../../../src/faq/danger/compose-danger.js';
import { decideDangerTier, decideModelTier, SHORT_ALARM_LETTERS, SHORT_MESSAGE_LETTERS, thresholdLanguage } from '../../../src/faq/danger/decide-danger-tier.js';

const thresholds = { possible: 0, urgent: 3, alarm: -1, floor: -4, languages: ['en', 'es'] };
const reading = (tier: DangerTier, more: { alarm?: boolean; floor?: boolean; language?: string; letters?: number } = {}) => ({
  tier,
  alarm: more.alarm ?? more.floor ?? false,
  floor: more.floor ?? false,
  languages: more.language === undefined ? [] : [{ language: more.language, words: 2 }],
  letters: more.letters ?? 80,
});

describe('deciding the tier from the model and the lexicons', () => {
  it('gives three tiers from the model’s log-odds', () => {
    expect(decideDangerTier(4, reading('possible', { language: 'en' }), thresholds)).toEqual({ tier: 'urgent', basis: 'model-and-lexicon' });
    expect(decideDangerTier(1, reading('none'), thresholds)).toEqual({ tier: 'possible', basis: 'model' });
    expect(decideDangerTier(-2, reading('none'), thresholds)).toEqual({ tier: 'none', basis: 'none' });
  });

  it('takes the recognised language’s own thresholds, and the global ones without a language or for one it has none for', () => {
    const own = { ...thresholds, byLanguage: { en: { possible: -2, urgent: 1 } } };
    expect(decideDangerTier(-1, reading('none'), own, 'en').tier).toBe('possible');
    expect(decideDangerTier(2, reading('possible', { language: 'en' }), own, 'en').tier).toBe('urgent');
    expect(decideDangerTier(-1, reading('none'), own).tier).toBe('none');
    expect(decideDangerTier(-1, reading('none'), own, 'es').tier).toBe('none');
    expect(decideDangerTier(-1, reading('none'), own, 'und').tier).toBe('none');
    expect(decideDangerTier(2, reading('possible', { language: 'en' }), own).tier).toBe('possible');
  });

  it('takes Arabic’s thresholds for Arabizi when they are lower than the recognised language’s', () => {
    const own = { ...thresholds, byLanguage: { ar: { possible: -1, urgent: 3 }, en: { possible: -0.5, urgent: 3 }, ru: { possible: -2, urgent: 3 } } };
    const arabic = [{ folded: 'ma7ad', variants: ['mahad', '~mhd'] }, { folded: 'baba' }];
    const english = [{ folded: 'tombe', variants: ['tonbe'] }, { folded: 'fell' }];
    // Arabic script (Urdu, Persian too) is recognised by its script: it keeps the recognised language's.
    expect(thresholdLanguage([{ folded: 'غاز', variants: ['~gz'] }], own, 'ur')).toBe('ur');
    expect(thresholdLanguage(arabic, own, 'en')).toBe('ar');
    expect(thresholdLanguage(arabic, own, 'und')).toBe('ar');
    expect(thresholdLanguage(arabic, own)).toBe('ar');
    // Never less readily flagged than in the recognised language.
    expect(thresholdLanguage(arabic, own, 'ru')).toBe('ru');
    expect(thresholdLanguage(english, own, 'en')).toBe('en');
    expect(thresholdLanguage(arabic, thresholds, 'en')).toBe('en');
  });

  it('in a language the model saw few examples of, gives short alarm words the full 911 reply only when the model does not doubt them', () => {
    const short = reading('urgent', { alarm: true, language: 'de', letters: SHORT_MESSAGE_LETTERS });
    expect(decideDangerTier(-5, short, thresholds)).toEqual({ tier: 'possible', basis: 'lexicon-short' });
    expect(decideDangerTier(-0.5, short, thresholds)).toEqual({ tier: 'urgent', basis: 'lexicon-short' });
    const alarm = reading('urgent', { alarm: true, language: 'de', letters: SHORT_ALARM_LETTERS });
    expect(decideDangerTier(-5, alarm, thresholds)).toEqual({ tier: 'possible', basis: 'lexicon-alarm' });
    expect(decideDangerTier(-0.5, alarm, thresholds)).toEqual({ tier: 'urgent', basis: 'lexicon-alarm' });
    // In a language it knows, the lexicons' urgent in a very short message stands.
    expect(decideDangerTier(-5, reading('urgent', { alarm: true, language: 'en', letters: SHORT_MESSAGE_LETTERS }), thresholds).tier).toBe('urgent');
  });

  it('sends the full 911 reply only with lexicon evidence too', () => {
    expect(decideDangerTier(9, reading('none'), thresholds).tier).toBe('possible');
  });

  it('keeps undoubted alarm words at possible unless the model reads them as harmless, in languages it knows', () => {
    expect(decideDangerTier(-0.5, reading('urgent', { alarm: true, language: 'en' }), thresholds)).toEqual({ tier: 'possible', basis: 'lexicon-alarm' });
    expect(decideDangerTier(-5, reading('urgent', { alarm: true, language: 'en' }), thresholds).tier).toBe('none');
    // A language the model saw few examples of: its doubt does not count against alarm words.
    expect(decideDangerTier(-5, reading('urgent', { alarm: true, language: 'de' }), thresholds)).toEqual({ tier: 'possible', basis: 'lexicon-alarm' });
  });

  it('trusts the lexicons on a message too short for the model to doubt them', () => {
    expect(decideDangerTier(-5, reading('possible', { language: 'es', letters: SHORT_MESSAGE_LETTERS }), thresholds)).toEqual({ tier: 'possible', basis: 'lexicon-short' });
    expect(decideDangerTier(-5, reading('possible', { language: 'es', letters: SHORT_MESSAGE_LETTERS + 1 }), thresholds).tier).toBe('none');
    expect(decideDangerTier(-5, reading('urgent', { language: 'en', letters: 15 }), thresholds)).toEqual({ tier: 'urgent', basis: 'lexicon-short' });
    expect(decideDangerTier(-5, reading('none', { letters: 3 }), thresholds).tier).toBe('none');
  });

  it('sends the full 911 reply for alarm words that stand in a short message', () => {
    expect(decideDangerTier(-0.5, reading('urgent', { alarm: true, language: 'en', letters: SHORT_ALARM_LETTERS }), thresholds)).toEqual({ tier: 'urgent', basis: 'lexicon-alarm' });
    expect(decideDangerTier(-0.5, reading('urgent', { alarm: true, language: 'en', letters: SHORT_ALARM_LETTERS + 1 }), thresholds).tier).toBe('possible');
    expect(decideDangerTier(-5, reading('urgent', { alarm: true, language: 'en', letters: SHORT_ALARM_LETTERS }), thresholds).tier).toBe('none');
  });

  it('never lets the model dismiss an undoubted floor alarm (gas, fire, not breathing) unless it is far below its threshold', () => {
    // Below the alarm threshold, above the floor's: possible danger, on the floor's account.
    expect(decideDangerTier(-3, reading('urgent', { floor: true, language: 'en' }), thresholds)).toEqual({ tier: 'possible', basis: 'lexicon-floor' });
    expect(decideDangerTier(-3, reading('urgent', { alarm: true, language: 'en' }), thresholds).tier).toBe('none');
    // Far below: the model has read it as harmless before ("esse time tá pegando fogo").
    expect(decideDangerTier(-5, reading('urgent', { floor: true, language: 'en' }), thresholds).tier).toBe('none');
    // In a language the model saw few examples of, the floor always holds.
    expect(decideDangerTier(-50, reading('urgent', { floor: true, language: 'ko' }), thresholds)).toEqual({ tier: 'possible', basis: 'lexicon-alarm' });
    expect(decideDangerTier(-50, reading('possible', { floor: true, language: 'ko' }), thresholds)).toEqual({ tier: 'possible', basis: 'lexicon-floor' });
  });

  // A window of a long message: its alarm words were read in the whole message, with its doubts.
  it('gives only the model’s own tiers to a window of a long message, never the lexicons’ rules', () => {
    expect(decideModelTier(4, reading('possible', { language: 'en' }), thresholds)).toEqual({ tier: 'urgent', basis: 'model-and-lexicon' });
    expect(decideModelTier(9, reading('none'), thresholds)).toEqual({ tier: 'possible', basis: 'model' });
    expect(decideModelTier(-0.5, reading('urgent', { alarm: true, language: 'en', letters: 10 }), thresholds)).toEqual({ tier: 'none', basis: 'none' });
    expect(decideModelTier(-3, reading('urgent', { floor: true, language: 'ko' }), thresholds)).toEqual({ tier: 'none', basis: 'none' });
    // The same as the whole message's rules wherever the model alone decides.
    for (const logit of [-2, 0.5, 3.5]) expect(decideModelTier(logit, reading('possible', { language: 'en' }), thresholds)).toEqual(decideDangerTier(logit, reading('possible', { language: 'en' }), thresholds));
  });
});
