import { describe, expect, it } from 'vitest';
import { messageWindows, WINDOW_CHARS } from '../../../src/faq/danger/message-windows.js';

describe('messageWindows: the parts a long message is also read in', () => {
  it('leaves a short message whole: one or two short sentences keep each other’s context', () => {
    expect(messageWindows('my dad fell on the ice and cannot get up')).toEqual([]);
    expect(messageWindows('No smoke anywhere. It is the battery.')).toEqual([]);
    // Two sentence marks in a short message may make three sentences, or not ("1.5 miles...").
    expect(messageWindows('Dr. Lee said 1.5 hours')).toEqual([]);
    expect(messageWindows('a. b. c')).toHaveLength(5);
  });

  it('reads three sentences or more as every sentence and every two neighbouring ones, in order', () => {
    expect(messageWindows('Trash is late. My aunt fell and is bleeding. When do plows come?')).toEqual([
      { text: 'Trash is late.', sentences: 1 },
      { text: 'Trash is late. My aunt fell and is bleeding.', sentences: 2 },
      { text: 'My aunt fell and is bleeding.', sentences: 1 },
      { text: 'My aunt fell and is bleeding. When do plows come?', sentences: 2 },
      { text: 'When do plows come?', sentences: 1 },
    ]);
  });

  it('ends sentences at line breaks, " / ", and Arabic and CJK marks', () => {
    expect(messageWindows('no power\nbins overflowing / grandpa is on the floor').map((w) => w.text).filter((_, i) => i % 2 === 0)).toEqual(['no power', 'bins overflowing', 'grandpa is on the floor']);
    expect(messageWindows('停电三天了。垃圾没人收！爷爷摔倒了起不来？').filter((w) => w.sentences === 1).map((w) => w.text)).toEqual(['停电三天了。', '垃圾没人收！', '爷爷摔倒了起不来？']);
    expect(messageWindows('الكهرباء مقطوعة؟ الزبالة ما انشالت؟ جدي وقع').filter((w) => w.sentences === 1)).toHaveLength(3);
  });

  it('cuts a run-on with no punctuation into overlapping pieces, so whatever is told across a cut is whole in one', () => {
    const words = Array.from({ length: 120 }, (_, i) => `word${i}`);
    const windows = messageWindows(words.join(' '));
    const pieces = windows.filter((w) => w.sentences === 1).map((w) => w.text);
    expect(pieces.length).toBeGreaterThan(2);
    for (const piece of pieces) expect(piece.length).toBeLessThanOrEqual(WINDOW_CHARS);
    // Every run of words up to half a window long is whole in some piece.
    for (let first = 0; first + 8 <= words.length; first++) {
      const run = words.slice(first, first + 8).join(' ');
      expect(pieces.some((p) => ` ${p} `.includes(` ${run} `))).toBe(true);
    }
  });

  it('cuts a long sentence in a script without spaces by characters', () => {
    const text = '我家停电了'.repeat(80);
    const pieces = messageWindows(text).filter((w) => w.sentences === 1);
    expect(pieces.length).toBeGreaterThan(2);
    for (const piece of pieces) expect(piece.text.length).toBeLessThanOrEqual(WINDOW_CHARS);
    expect(pieces.map((p) => p.text).join('').length).toBeGreaterThanOrEqual(text.length);
  });

  it('reads at most a few dozen windows of a wall of text, and never throws on hostile text', () => {
    expect(messageWindows('Help. '.repeat(20_000)).length).toBeLessThanOrEqual(40);
    expect(messageWindows('x'.repeat(100_000)).length).toBeLessThanOrEqual(40);
    for (const text of ['', ' / / / ', '\n\n\n', '. . . .', '\u202e\u0000'.repeat(500)]) expect(() => messageWindows(text)).not.toThrow();
  });
});
