import { describe, expect, it } from 'vitest';
import type { ChannelLimits, LengthRule } from '../../src/channels/channel.js';
import { AppError } from '../../src/domain/errors.js';
import { fitToChannel } from '../../src/templates/fit-to-channel.js';
import { measureLength } from '../../src/templates/measure-length.js';
import { seededRandom } from '../support/seeded-random.js';

const X: ChannelLimits = { maxLength: 280, lengthRule: 'weighted', threads: true, maxThreadParts: 6 };
const MASTODON: ChannelLimits = { maxLength: 500, lengthRule: 'url23', threads: true, maxThreadParts: 5 };
const BLUESKY: ChannelLimits = { maxLength: 300, lengthRule: 'graphemes', threads: true, maxThreadParts: 5 };
const DISCORD: ChannelLimits = { maxLength: 2000, lengthRule: 'chars', threads: true, maxThreadParts: 5 };
const PLATFORMS: Record<string, ChannelLimits> = { x: X, mastodon: MASTODON, bluesky: BLUESKY, discord: DISCORD };

const FAMILY = '👨\u200D👩\u200D👧\u200D👦';
const NUMBERING = / \((\d+)\/(\d+)\)$/;

/** Errors fitToChannel raises for text it refuses. */
function refusal(fn: () => unknown): AppError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error('expected fitToChannel to refuse the text');
}

/** The parts without their "(i/n)" numbering, after checking the numbering is 1..n of n. */
function stripNumbering(parts: string[]): string[] {
  return parts.map((part, i) => {
    const match = NUMBERING.exec(part);
    expect(match, `part ${i + 1} is numbered: ${part}`).not.toBeNull();
    expect(Number(match?.[1])).toBe(i + 1);
    expect(Number(match?.[2])).toBe(parts.length);
    return part.slice(0, match?.index);
  });
}

describe('fitToChannel', () => {
  describe('one part when it fits', () => {
    it.each([
      ['x, Latin', X, 'a'.repeat(280)],
      ['x, CJK weighs 2', X, '雪'.repeat(140)],
      ['x, emoji weigh 2', X, '😀'.repeat(140)],
      ['mastodon, a long URL counts 23', MASTODON, `${'a'.repeat(476)} https://www.phila.gov/${'x'.repeat(300)}`],
      ['bluesky, ZWJ families count 1', BLUESKY, FAMILY.repeat(300)],
      ['discord, astral emoji count 1', DISCORD, '😀'.repeat(2000)],
    ])('text exactly at the limit stays one part (%s)', (_name, limits, text) => {
      expect(measureLength(text, limits.lengthRule)).toBe(limits.maxLength);
      expect(fitToChannel(text, limits)).toEqual([text]);
    });

    it('trims the text', () => {
      expect(fitToChannel('  Snow emergency.\n', X)).toEqual(['Snow emergency.']);
    });

    it('refuses empty text', () => {
      expect(refusal(() => fitToChannel(' \n ', X)).code).toBe('INVALID_INPUT');
    });
  });

  describe('numbered threads', () => {
    it.each([
      ['x', X, 'a'.repeat(140) + '. ' + 'b'.repeat(139)],
      ['x, CJK and 。 weigh 2', X, 'a' + '雪'.repeat(69) + '。' + '雨'.repeat(70)],
      ['bluesky', BLUESKY, 'a'.repeat(150) + '. ' + FAMILY.repeat(149)],
      ['discord', DISCORD, 'a'.repeat(1000) + '. ' + 'b'.repeat(999)],
    ])('one over the limit becomes a numbered thread (%s)', (_name, limits, text) => {
      expect(measureLength(text, limits.lengthRule)).toBe(limits.maxLength + 1);
      const parts = fitToChannel(text, limits);
      expect(parts).toHaveLength(2);
      expect(parts[0]).toMatch(/ \(1\/2\)$/);
      expect(parts[1]).toMatch(/ \(2\/2\)$/);
      for (const part of parts) expect(measureLength(part, limits.lengthRule)).toBeLessThanOrEqual(limits.maxLength);
    });

    it('splits at sentence boundaries and keeps the punctuation with its sentence', () => {
      const limits: ChannelLimits = { maxLength: 60, lengthRule: 'chars', threads: true, maxThreadParts: 5 };
      const parts = fitToChannel('Move your car off snow routes now. Trash is one day late! Garages cost $5. Stay safe?', limits);
      expect(parts).toEqual(['Move your car off snow routes now. (1/2)', 'Trash is one day late! Garages cost $5. Stay safe? (2/2)']);
    });

    it('splits CJK at 。 without adding spaces', () => {
      // Weights on X: 20 + 18 + 10 + 8 = 56 > 50; the budget after " (5/5)" is 44.
      const limits: ChannelLimits = { maxLength: 50, lengthRule: 'weighted', threads: true, maxThreadParts: 5 };
      const parts = fitToChannel('请把车移出紧急路线。垃圾收集推迟一天。注意安全。明天见。', limits);
      expect(stripNumbering(parts)).toEqual(['请把车移出紧急路线。垃圾收集推迟一天。', '注意安全。明天见。']);
    });

    it('falls back to word boundaries for a sentence longer than a part', () => {
      const limits: ChannelLimits = { maxLength: 40, lengthRule: 'chars', threads: true, maxThreadParts: 10 };
      const text = 'one two three four five six seven eight nine ten eleven twelve thirteen fourteen';
      const parts = stripNumbering(fitToChannel(text, limits));
      expect(parts.length).toBeGreaterThan(1);
      expect(parts.join(' ')).toBe(text);
    });

    it('never cuts inside a URL', () => {
      const url = 'https://www.phila.gov/programs/snow-emergency/routes-and-parking-rules/';
      const limits: ChannelLimits = { maxLength: 100, lengthRule: 'chars', threads: true, maxThreadParts: 5 };
      // Without the rule the cut would fall in the middle of the URL.
      const text = `Cars on snow emergency routes will be towed tonight, see ${url} for the map`;
      const parts = fitToChannel(text, limits);
      expect(parts.length).toBeGreaterThan(1);
      expect(parts.filter((p) => p.includes(url))).toHaveLength(1);
    });

    it('keeps a long URL whole on X and Mastodon, where it counts 23', () => {
      const url = `https://www.phila.gov/${'snow-emergency-'.repeat(40)}`;
      for (const limits of [X, MASTODON]) {
        const text = `${'Move your car. '.repeat(20)}Map: ${url} ${'Stay safe. '.repeat(20)}`;
        const parts = fitToChannel(text, limits);
        expect(parts.filter((p) => p.includes(url))).toHaveLength(1);
        for (const part of parts) expect(measureLength(part, limits.lengthRule)).toBeLessThanOrEqual(limits.maxLength);
      }
    });

    it('refuses a URL longer than a whole post where URLs count at full length', () => {
      const url = `https://www.phila.gov/${'x'.repeat(400)}`;
      expect(refusal(() => fitToChannel(`Map: ${url}`, BLUESKY)).message).toMatch(/link is longer than one post/);
    });

    it('refuses text that needs more than maxThreadParts', () => {
      const text = 'This sentence is about fifty characters long, ok. '.repeat(40);
      const error = refusal(() => fitToChannel(text, BLUESKY));
      expect(error.code).toBe('INVALID_INPUT');
      expect(error.message).toMatch(/thread of \d+ posts; the channel allows 5/);
      // The same text fits a channel that allows longer threads.
      expect(fitToChannel(text, { ...BLUESKY, maxThreadParts: 10 }).length).toBeLessThanOrEqual(10);
    });

    it('refuses long text on a channel without threads', () => {
      const error = refusal(() => fitToChannel('a'.repeat(301), { ...BLUESKY, threads: false }));
      expect(error.message).toMatch(/301 long; the channel allows 300 and has no threads/);
    });
  });

  describe('property: every part fits, text is kept, URLs stay whole', () => {
    const WORDS = ['snow', 'emergency', 'route', 'move', 'your', 'car', 'trash', 'is', 'delayed', 'garage', 'Philadelphia', 'sidewalk', 'shovel', 'tow', '$5', '24h', 'café', 'niño', 'calle'];
    const CJK = ['请', '把', '车', '移', '出', '紧', '急', '路', '线', '垃', '圾', '雪', 'ゆ', 'き', '눈', '길'];
    const EMOJI = ['❄️', '😀', FAMILY, '👍🏽', '🇺🇸', '🚗', '🗑️'];

    function makeText(rand: () => number): { text: string; urls: string[] } {
      const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
      const urls: string[] = [];
      const sentences: string[] = [];
      const count = 1 + Math.floor(rand() * 25);
      for (let s = 0; s < count; s++) {
        const kind = rand();
        if (kind < 0.5) {
          const words = Array.from({ length: 2 + Math.floor(rand() * 18) }, () => (rand() < 0.1 ? pick(EMOJI) : pick(WORDS)));
          sentences.push(`${words.join(' ')}${pick(['.', '!', '?', '…'])}`);
        } else if (kind < 0.7) {
          const url = `https://www.phila.gov/${Array.from({ length: 1 + Math.floor(rand() * 8) }, () => pick(WORDS)).join('-')}?id=${Math.floor(rand() * 1e6)}`;
          urls.push(url);
          sentences.push(`More at ${url} today.`);
        } else if (kind < 0.9) {
          sentences.push(`${Array.from({ length: 3 + Math.floor(rand() * 60) }, () => pick(CJK)).join('')}${pick(['。', '！', '？'])}`);
        } else {
          sentences.push(Array.from({ length: 1 + Math.floor(rand() * 30) }, () => pick(EMOJI)).join(''));
        }
      }
      return { text: sentences.join(pick([' ', ' ', '\n', '  '])), urls };
    }

    const RULES: ChannelLimits[] = [
      ...Object.values(PLATFORMS),
      ...(['weighted', 'url23', 'graphemes', 'chars'] as LengthRule[]).map((lengthRule) => ({ maxLength: 140, lengthRule, threads: true, maxThreadParts: 12 })),
    ];
    const squash = (s: string) => s.replace(/\s+/g, '');

    it('holds over 250 random texts × 8 limit sets', { timeout: 120_000 }, () => {
      const rand = seededRandom(20260119);
      let threads = 0;
      let refused = 0;
      for (let i = 0; i < 250; i++) {
        const { text, urls } = makeText(rand);
        for (const limits of RULES) {
          const label = `text #${i} on ${limits.lengthRule}/${limits.maxLength}: ${JSON.stringify(text.slice(0, 120))}`;
          let parts: string[];
          try {
            parts = fitToChannel(text, limits);
          } catch (error) {
            // The only acceptable refusal here: more parts than the channel allows.
            expect(error, label).toBeInstanceOf(AppError);
            expect((error as AppError).message, label).toMatch(/needs a thread of (\d+) posts/);
            refused++;
            continue;
          }
          expect(parts.length, label).toBeLessThanOrEqual(limits.maxThreadParts);
          for (const part of parts) expect(measureLength(part, limits.lengthRule), `${label}\npart: ${part}`).toBeLessThanOrEqual(limits.maxLength);
          const bodies = parts.length === 1 ? parts : stripNumbering(parts);
          if (parts.length > 1) threads++;
          // Nothing lost, nothing reordered (whitespace aside).
          expect(squash(bodies.join('')), label).toBe(squash(text));
          // Every URL whole in some part.
          for (const url of urls) expect(bodies.some((b) => b.includes(url)), `${label}\nurl: ${url}`).toBe(true);
        }
      }
      // The generator must exercise threads, and mostly produce text that fits.
      expect(threads).toBeGreaterThan(500);
      expect(refused).toBeLessThan(250 * RULES.length * 0.25);
    });
  });
});
