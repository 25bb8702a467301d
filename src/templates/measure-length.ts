// The official twitter-text source, built without global polyfills (see README, design notes).
import twitterText from '@ambassify/twitter-text';
import type { LengthRule } from '../channels/channel.js';

const URL_WEIGHT = 23;
const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * Length of a post as the platform counts it:
 * X weighs CJK and emoji as 2 and every URL as 23 (the official twitter-text rules); Mastodon
 * counts code points with every URL as 23; Bluesky counts graphemes; Discord counts characters.
 */
export function measureLength(text: string, rule: LengthRule): number {
  switch (rule) {
    case 'twitter':
      return twitterText.parseTweet(text).weightedLength;
    case 'mastodon': {
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
