import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDangerLexicons } from '../../../src/faq/danger/danger-lexicon.js';
import { DangerDetector } from '../../../src/faq/danger/danger-detector.js';
import { loadDangerModel } from '../../../src/faq/danger/danger-model.js';
import { LexiconReader } from '../../../src/faq/danger/lexicon-reader.js';
import { withoutToneEmojis } from '../../../src/faq/danger/tone-emojis.js';
import { typoKnownWords } from '../../../src/faq/danger/typo-known-words.js';

const reader = new LexiconReader(loadDangerLexicons(path.resolve('faq/danger')), typoKnownWords());
const detector = new DangerDetector(reader, loadDangerModel(path.resolve('faq/danger')));

describe('tone emojis: how the writer feels is not what happened', () => {
  it('leaves them out of what the model reads, and keeps laughter and pictures of things', () => {
    const tokens = [{ folded: 'fell' }, { folded: '😭' }, { folded: '🙏' }, { folded: '😂' }, { folded: '🔥' }];
    expect(withoutToneEmojis(tokens).map((t) => t.folded)).toEqual(['fell', '😂', '🔥']);
    const plain = [{ folded: 'plow' }, { folded: 'late' }];
    expect(withoutToneEmojis(plain)).toBe(plain);
  });

  // Written for this test. A crying face after a danger had read as a joke, and the model had
  // learnt it from harmless posts: "... not answering me 😭😭🙏" was no danger at all.
  it.each([
    ['en', 'my grandma slipped in the tub and she is not answering me'],
    ['es', 'mi tío se cayó en la nieve y no se mueve'],
    ['zh', '我奶奶摔倒了，叫不醒'],
    ['ht', 'manman m tonbe li pa reponn'],
    ['ar', 'جدي وقع ولا يتحرك'],
  ])('%s: a danger with 😭🙏 after it reads as the danger without them', (language, text) => {
    const bare = detector.detect(text, language);
    expect(bare.tier).not.toBe('none');
    for (const tail of [' 😭', ' 😭😭🙏', '😢💔', ' 🙏🙏']) {
      const withTone = detector.detect(`${text}${tail}`, language);
      expect(withTone.tier).toBe(bare.tier);
      expect(withTone.probability).toBeCloseTo(bare.probability, 12);
    }
  });

  it('a joke stays a joke: laughter is still read', () => {
    expect(reader.read('my house is on fire lol 😂').composed.doubt).toBeGreaterThan(0);
    expect(reader.read('my house is on fire 😭').composed.doubt).toBe(0);
  });
});
