import { describe, expect, it } from 'vitest';
import { countGraphemes, graphemes, measureLength } from '../../src/templates/measure-length.js';

const FAMILY = '👨\u200D👩\u200D👧\u200D👦'; // 4 emoji joined by 3 ZWJ: 7 code points, 1 grapheme
const THUMB = '👍🏽'; // emoji + skin tone modifier
const FLAG = '🇺🇸'; // two regional indicators
const E_ACUTE_DECOMPOSED = 'e\u0301';
const LONG_URL = `https://www.phila.gov/2026-01-19-snow-emergency/${'details-'.repeat(20)}`;

describe('measureLength', () => {
  describe('X (twitter-text weighted length)', () => {
    it('counts Latin text one per character', () => {
      expect(measureLength('Snow emergency', 'weighted')).toBe(14);
    });

    it('weighs CJK characters as 2', () => {
      expect(measureLength('雪', 'weighted')).toBe(2);
      expect(measureLength('下雪了', 'weighted')).toBe(6);
      expect(measureLength('ひらがな', 'weighted')).toBe(8);
      expect(measureLength('한국어', 'weighted')).toBe(6);
      expect(measureLength('Snow 雪', 'weighted')).toBe(7);
    });

    it('weighs every emoji as 2, including ZWJ sequences, modifiers and flags', () => {
      expect(measureLength('😀', 'weighted')).toBe(2);
      expect(measureLength(FAMILY, 'weighted')).toBe(2);
      expect(measureLength(THUMB, 'weighted')).toBe(2);
      expect(measureLength(FLAG, 'weighted')).toBe(2);
      expect(measureLength('❄️ Snow', 'weighted')).toBe(7);
    });

    it('counts every URL as 23 whatever its length, with or without a protocol', () => {
      expect(LONG_URL.length).toBeGreaterThan(100);
      expect(measureLength(LONG_URL, 'weighted')).toBe(23);
      expect(measureLength('https://x.co', 'weighted')).toBe(23);
      expect(measureLength('Info: https://www.phila.gov', 'weighted')).toBe(6 + 23);
      expect(measureLength('Visit phila.gov now', 'weighted')).toBe(6 + 23 + 4);
    });

    it('adds up a mix of Latin, CJK, emoji and a URL', () => {
      // "Snow " 5 + 雪 2 + " " 1 + 😀 2 + " " 1 + URL 23
      expect(measureLength(`Snow 雪 😀 ${LONG_URL}`, 'weighted')).toBe(34);
    });

    it('normalises before counting, so a decomposed accent counts once', () => {
      expect(measureLength(E_ACUTE_DECOMPOSED, 'weighted')).toBe(1);
    });
  });

  describe('Mastodon (code points, URLs as 23)', () => {
    it('counts every http(s) URL as 23', () => {
      expect(measureLength(LONG_URL, 'url23')).toBe(23);
      expect(measureLength('https://x.co', 'url23')).toBe(23);
      expect(measureLength(`Info: ${LONG_URL} and ${LONG_URL}`, 'url23')).toBe(6 + 23 + 5 + 23);
    });

    it('counts a bare domain as its own characters (Mastodon only shortens links with a scheme)', () => {
      expect(measureLength('Visit phila.gov now', 'url23')).toBe(19);
    });

    it('counts CJK and emoji by code point', () => {
      expect(measureLength('下雪了', 'url23')).toBe(3);
      expect(measureLength('😀', 'url23')).toBe(1);
      expect(measureLength(FAMILY, 'url23')).toBe(7);
    });
  });

  describe('Bluesky (graphemes)', () => {
    it('counts a ZWJ emoji family as one', () => {
      expect(measureLength(FAMILY, 'graphemes')).toBe(1);
      expect(measureLength(`${FAMILY}${FAMILY} ok`, 'graphemes')).toBe(5);
    });

    it('counts a skin-tone emoji and a flag as one each', () => {
      expect(measureLength(THUMB, 'graphemes')).toBe(1);
      expect(measureLength(FLAG, 'graphemes')).toBe(1);
    });

    it('counts a base letter with combining marks as one', () => {
      expect(measureLength(E_ACUTE_DECOMPOSED, 'graphemes')).toBe(1);
      expect(measureLength('a\u0301\u0302\u0303b', 'graphemes')).toBe(2);
      expect(measureLength('café', 'graphemes')).toBe(4);
    });

    it('counts URLs at full length', () => {
      expect(measureLength(LONG_URL, 'graphemes')).toBe(LONG_URL.length);
    });

    it('agrees with countGraphemes and graphemes()', () => {
      const text = `Snow ${FAMILY} ${E_ACUTE_DECOMPOSED} 雪`;
      expect(countGraphemes(text)).toBe(measureLength(text, 'graphemes'));
      expect(graphemes(text)).toEqual(['S', 'n', 'o', 'w', ' ', FAMILY, ' ', E_ACUTE_DECOMPOSED, ' ', '雪']);
    });
  });

  describe('Discord (characters)', () => {
    it('counts code points: an astral emoji is one, not two UTF-16 units', () => {
      expect(measureLength('😀', 'chars')).toBe(1);
      expect('😀'.length).toBe(2);
      expect(measureLength(FAMILY, 'chars')).toBe(7);
      expect(measureLength(E_ACUTE_DECOMPOSED, 'chars')).toBe(2);
    });

    it('counts URLs and CJK at face value', () => {
      expect(measureLength(LONG_URL, 'chars')).toBe(LONG_URL.length);
      expect(measureLength('下雪了', 'chars')).toBe(3);
    });
  });
});
