import { describe, expect, it } from 'vitest';
import { segmentPost } from '../../src/faq/post-segments.js';

describe('posts are read sentence by sentence', () => {
  it('splits at sentence ends and line breaks and marks what asks something', () => {
    const segments = segmentPost('We got 14 inches in Roxborough!! Kids are thrilled.\nDoes anyone know if trash is delayed? Thanks');
    expect(segments.map((s) => [s.tokens.join(' '), s.question])).toEqual([
      ['we got 14 inches in roxborough', false],
      ['kids are thrilled', false],
      ['does anyone know if trash is delayed', true],
      ['thanks', false],
    ]);
  });

  it('recognises questions without a question mark, in English, Spanish, Chinese and Vietnamese', () => {
    const asks = (text: string) => segmentPost(`Long night here. ${text}`)[1]?.question;
    expect(asks('when do they plow side streets')).toBe(true);
    expect(asks('trying to figure out if my block is a snow route')).toBe(true);
    expect(asks('alguien sabe si hay clases mañana')).toBe(true);
    expect(asks('¿dónde dejo el carro')).toBe(true);
    expect(asks('我的车被拖走了吗')).toBe(true);
    expect(asks('xe buýt có chạy hôm nay không')).toBe(true);
    expect(asks('the plow went by twice')).toBe(false);
    expect(asks('nadie ha venido por la basura')).toBe(false);
  });

  it('keeps a one-sentence post whole, URLs and decimals included', () => {
    expect(segmentPost('is www.phila.gov down? 3.5 inches here')).toHaveLength(2);
    expect(segmentPost('is the snow emergency over?')).toHaveLength(1);
    expect(segmentPost('...?!')).toEqual([]);
    expect(segmentPost('')).toEqual([]);
  });

  it('reads at most the first 2,000 characters of a wall of text', () => {
    const segments = segmentPost('trash. '.repeat(10_000));
    expect(segments.length).toBeLessThanOrEqual(2000 / 'trash. '.length + 1);
  });
});
