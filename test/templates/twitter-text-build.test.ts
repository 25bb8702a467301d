import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { measureLength } from '../../src/templates/measure-length.js';
import { seededRandom } from '../support/seeded-random.js';

const require = createRequire(import.meta.url);

/**
 * X lengths come from @ambassify/twitter-text: the official twitter-text 3.1 source built against
 * core-js-pure. The official build loads core-js 2 polyfills that disable V8's fast paths for
 * regular expressions in the whole process (String#replace ~8× slower everywhere, measured).
 */
describe('the twitter-text build measureLength uses', () => {
  it('installs no global polyfills', () => {
    expect(measureLength('Snow emergency https://phila.gov/snow ❄️', 'weighted')).toBe(41);
    const loaded = Object.keys(require.cache);
    expect(loaded.some((file) => file.includes('@ambassify/twitter-text'))).toBe(true);
    expect(loaded.filter((file) => /[\\/]core-js[\\/]modules[\\/]/.test(file))).toEqual([]);
    expect(Function.prototype.toString.call(String.prototype.replace)).toContain('[native code]');
  });

  it('measures exactly as the official twitter-text does, for X and for Mastodon links', async () => {
    // Loaded last and only here: the official build is the one that changes globals.
    const official = require('twitter-text') as typeof import('twitter-text');
    const random = seededRandom(23);
    const alphabet = ['a', 'Z', '1', ' ', '.', '/', ':', '-', '_', '#', '@', 'https://', 'www.', '.com', '.gov/x', '雪', '한', 'é', 'ñ', 'ơ', '😀', '❄️', '👍🏽', '🇺🇸', '\u200d', '\ufe0f', 'e\u0301', '\u202e'];
    const samples = ['', 'Snow emergency: move your car https://phila.gov/snow 🚗', '大雪紧急状态 https://x.co/a', 'Visit phila.gov/streets or t.co/x', 'a'.repeat(300)];
    for (let i = 0; i < 3000; i++) samples.push(Array.from({ length: Math.floor(random() * 40) }, () => alphabet[Math.floor(random() * alphabet.length)]).join(''));
    for (const text of samples) {
      expect(measureLength(text, 'weighted'), text).toBe(official.parseTweet(text).weightedLength);
      const urls = official.extractUrlsWithIndices(text, { extractUrlsWithoutProtocol: false });
      expect(measureLength(text, 'url23'), text).toBe([...text].length + urls.reduce((sum, url) => sum + 23 - [...url.url].length, 0));
    }
  });
});
