import { describe, expect, it } from 'vitest';
import { cleanPostText } from '../../../src/faq/language/clean-post-text.js';
import { countScripts } from '../../../src/faq/language/script-profile.js';

describe('cleanPostText', () => {
  it('takes out links, handles, hashtags and e-mail addresses, and keeps the words', () => {
    const cleaned = cleanPostText('@PhillyOEM @user@mastodon.social ya pasó? #NoSavesies https://t.co/x1 www.phila.gov ops@phila.gov gracias');
    expect(cleaned.split(/\s+/).filter(Boolean)).toEqual(['ya', 'pasó?', 'gracias']);
  });

  it('leaves an e-mail-like word and a lone @ or # alone when they are not handles', () => {
    expect(cleanPostText('meet @ 5 # 2 ok').split(/\s+/).filter(Boolean)).toEqual(['meet', '@', '5', '#', '2', 'ok']);
  });
});

describe('countScripts', () => {
  it('counts letters by script, not digits, punctuation or emoji', () => {
    const counts = countScripts('SEPTA 今天正常吗? ひらがな 한국 Мороз مرحبا नमस्ते 911 🚗!');
    expect(counts).toMatchObject({ latin: 5, han: 5, kana: 4, hangul: 2, cyrillic: 5, arabic: 5 });
    expect(counts.devanagari).toBeGreaterThanOrEqual(4);
    expect(countScripts('911 🚗 !!!')).toMatchObject({ latin: 0, other: 0, han: 0 });
  });
});
