import { describe, expect, it } from 'vitest';
import { withoutQuotations } from '../../../src/faq/danger/quotations.js';

const squeeze = (text: string) => withoutQuotations(text).replace(/\s+/g, ' ').trim();

describe('quotations: what a message quotes is not what the resident says', () => {
  it('takes out a quoted notice or someone’s words, in the quotation marks of the served languages', () => {
    expect(squeeze('"Trash pickup delayed until Thursday" ok but my neighbor has not come out in 2 days')).toBe('ok but my neighbor has not come out in 2 days');
    expect(squeeze('“Warming centers open 8am to 8pm” my dad is shaking and confused')).toBe('my dad is shaking and confused');
    expect(squeeze('« Stationnement interdit dès 18h » — ma voisine ne répond pas')).toBe('— ma voisine ne répond pas');
    expect(squeeze('„Parkverbot ab 18 Uhr“ also')).toBe('also');
    expect(squeeze('「圖書館今日休館」 我阿嬤跌倒起不來')).toBe('我阿嬤跌倒起不來');
  });

  it('leaves a message that quotes nothing, or nothing but a quotation, as it is', () => {
    for (const text of ['my grandma fell and is not answering', 'he said "ok"', '"my house is on fire"', 'a 6" pipe burst', 'it\'s "fine"']) {
      expect(withoutQuotations(text)).toBe(text);
    }
  });

  it('reads hostile text in one bounded pass', () => {
    const open = `"${'a'.repeat(100_000)}`;
    expect(withoutQuotations(open)).toBe(open);
    expect(withoutQuotations('"abcdefg" x '.repeat(20_000)).includes('abcdefg')).toBe(false);
  });
});
