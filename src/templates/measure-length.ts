// The official twitter-text source, built without global polyfills (see README, design notes).
import twitterText from '@ambassify/twitter-text';
import type { LengthRule } from '../channels/channel.js';

const URL_WEIGHT = 23;
const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * Length of a post under a counting rule (each adapter declares which one its platform uses):
 * `weighted` weighs CJK and emoji as 2 and every URL as 23 (the official twitter-text rules);
 * `url23` counts code points with every URL as 23; `graphemes` counts user-perceived
 * characters; `chars` counts code points.
 */
export function measureLength(text: string, rule: LengthRule): number {
  switch (rule) {
    case 'weighted':
      return twitterText.parseTweet(text).weightedLength;
    case 'url23': {
      let length = [...text].length;
      for (const url of twitterText.extractUrlsWithIndices(text, { extractUrlsWithoutProtocol: false })) {
        length += URL_WEIGHT - [...url.url].length;
      }
      return length;
    }
    case 'graphemes':
      return countGraphemes(text);
    case 'chars':
      return [...text].length;
    case 'emoji-utf8': {
      let length = 0;
      for (const { segment } of segmenter.segment(text)) length += /\p{Extended_Pictographic}/u.test(segment) ? Buffer.byteLength(segment, 'utf8') : [...segment].length;
      return length;
    }
  }
}

export function countGraphemes(text: string): number {
  let count = 0;
  for (const _ of segmenter.segment(text)) count++;
  return count;
}

export function graphemes(text: string): string[] {
  return [...segmenter.segment(text)].map((s) => s.segment);
}
