import { describe, expect, it } from 'vitest';
import { loadPostCues } from '../../src/faq/post-cues.js';
import { segmentPost as segmentWith } from '../../src/faq/post-segments.js';

const cues = loadPostCues();
/** Read with every language's cues, as a post of unknown language is. */
const segmentPost = (text: string) => segmentWith(text, cues.of(undefined));
/** Whether the second sentence of a post in `language` asks something. */
const asksIn = (language: string, text: string) => segmentWith(`Long night here. ${text}`, cues.of(language))[1]?.question;

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

  it('recognises each served language\'s own question forms, from its cue file', () => {
    expect(asksIn('fr', 'quelqu\'un sait si les poubelles passent demain')).toBe(true);
    expect(asksIn('fr', 'les poubelles sont passées ce matin')).toBe(false);
    expect(asksIn('pt', 'alguém sabe se tem aula amanhã')).toBe(true);
    expect(asksIn('ru', 'подскажите, вывоз мусора будет завтра')).toBe(true);
    expect(asksIn('ru', 'мусор вывезли утром')).toBe(false);
    expect(asksIn('ht', 'èske lekòl yo fèmen demen')).toBe(true);
    expect(asksIn('sw', 'shule zitafunguliwa lini')).toBe(true);
    expect(asksIn('ar', 'هل المدارس مغلقة غدا')).toBe(true);
    expect(asksIn('ar', 'المدارس مغلقة غدا')).toBe(false);
    // A language's forms are its own: a Creole opener is no question in English.
    expect(asksIn('en', 'kote pou m pake machin nan')).toBe(false);
    expect(asksIn('ht', 'kote pou m pake machin nan')).toBe(true);
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
