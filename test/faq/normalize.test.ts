import { describe, expect, it } from 'vitest';
import { foldAccents, normalizeText, splitCamel } from '../../src/faq/normalize.js';
import { seededRandom } from '../support/seeded-random.js';

/** The definition normalizeText's fast paths (plain ASCII, character by character) must agree with. */
function reference(raw: string): string {
  let text = raw.slice(0, 2000).normalize('NFKC');
  text = text.replace(/\bhttps?:\/\/\S+|\bwww\.\S+/gi, ' ').replace(/(^|\s)[@＠][\w.-]+/g, ' ');
  text = text.replace(/#(\w+)/g, (_, tag: string) => ` ${splitCamel(tag)} `);
  return foldAccents(text.toLowerCase()).replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

describe('normalizeText', () => {
  it('cleans social-media text down to words', () => {
    expect(normalizeText('Do I have to MOVE my car?? https://t.co/x @Philly311 #SnowEmergency 🚗')).toBe('do i have to move my car snow emergency');
    expect(normalizeText('¿Dónde estaciono durante la nevada?')).toBe('donde estaciono durante la nevada');
    expect(normalizeText('Tôi có phải dời xe không? Đường')).toBe('toi co phai doi xe khong duong');
    expect(normalizeText('ｗｗｗ．ｅｘａｍｐｌｅ．ｃｏｍ 拖车了吗')).toBe('拖车了吗');
  });

  it('agrees with the whole-string definition on every kind of character, fast paths included', () => {
    const random = seededRandom(11);
    const pieces = ['a', 'Z', 'k', ' ', '  ', '1', '.', '?', '@', '＠city', '#', '#SnowDay', 'http://', 'HTTPS://x.co/a', 'www.', 'ｈｔｔｐｓ：／／ｘ．ｃｏ', '＃Ｓｎｏｗ', '’', '“', '…', '¿', '¡', 'é', 'É', 'ñ', 'ü', 'đ', 'Đ', 'ư', 'Ờ', 'ß', 'ẞ', 'ſ', 'ª', '½', 'İ', 'ǅ', 'Ĳ', 'µ', '\u00a0', '\u00ad', '\u2002', '\u3000', 'e\u0301', '\u0301', '\u0308', 'Σ', 'ς', 'Ω', '한', '\u1100', '\u1161', '\u11a8', 'か', '\u3099', 'ｶ', '①', 'ﬁ', '停', '車', '❄', '\ufe0f', '\u200d', '🚗', '👍🏽', '🇺🇸', '𝐀', '\ud800', '\udc00', '\u202e', '\u0000', 'क', '\u094d', '\u0b47', '\u0b3e'];
    for (let i = 0; i < 20_000; i++) {
      const text = Array.from({ length: Math.floor(random() * 24) }, () => pieces[Math.floor(random() * pieces.length)]).join('');
      expect(normalizeText(text), JSON.stringify(text)).toBe(reference(text));
    }
  });
});
