import { describe, expect, it } from 'vitest';
import { FeatureSpace, NEGATED_WEIGHT, TRIGRAM_WEIGHT } from '../../src/faq/features.js';
import { loadPostCues } from '../../src/faq/post-cues.js';
import { segmentPost } from '../../src/faq/post-segments.js';
import { TypoFixer } from '../../src/faq/typo-fixer.js';

const cues = loadPostCues();
const en = cues.of('en');

describe('features of a post', () => {
  it('marks the words after a negation, within three content words', () => {
    const space = new FeatureSpace();
    const plain = space.vectorize(segmentPost('trash picked up', en), 0.6, en);
    const negated = space.vectorize(segmentPost('trash was not picked up', en), 0.6, en);
    // "not" adds negated features for "picked" and "up" (stopwords do not count): more features, same words.
    expect(negated.ids.length).toBeGreaterThan(plain.ids.length + 1);
    const far = space.vectorize(segmentPost('not a single plow came down our narrow street', en), 0.6, en);
    const near = space.vectorize(segmentPost('a single plow came down our narrow street', en), 0.6, en);
    expect(far.ids.length - near.ids.length).toBeGreaterThanOrEqual(3);
    expect(NEGATED_WEIGHT).toBeLessThan(1);
  });

  it('weighs a question sentence over the story around it; the post vector is about unit length', () => {
    const space = new FeatureSpace();
    const text = 'My car was buried all week. Where can I park?';
    space.vectorize(segmentPost(text, en), 0.6, en);
    space.freeze();
    const post = space.vectorize(segmentPost(text, en), 0.6, en);
    const valueOf = (word: string) => post.values[post.ids.indexOf(space.vectorize(segmentPost(word, en), 1, en).ids[0] as number)] as number;
    expect(valueOf('park')).toBeCloseTo(valueOf('buried') / 0.6, 9);
    const norm = Math.sqrt(post.values.reduce((s, v) => s + v * v, 0));
    expect(norm).toBeGreaterThan(0.9);
    expect(norm).toBeLessThan(1.2);
  });

  it('after freeze, unknown words add nothing and slips of known words read as those words', () => {
    const space = new FeatureSpace();
    space.vectorize(segmentPost('is recycling delayed', en), 0.6, en);
    const size = space.size;
    space.freeze();
    expect(space.vectorize(segmentPost('zzyzx quux', en), 0.6, en).ids.length).toBe(0);
    expect(space.size).toBe(size);
    expect(TRIGRAM_WEIGHT).toBeLessThan(1);
  });

  it('reads negations and cue words in the post\'s own language: "no" negates in Spanish, means "in the" in Portuguese', () => {
    const space = new FeatureSpace();
    const es = cues.of('es');
    const pt = cues.of('pt');
    const text = 'no passou o caminhão de lixo';
    expect(space.vectorize(segmentPost(text, es), 0.6, es).ids.length).toBeGreaterThan(space.vectorize(segmentPost(text, pt), 0.6, pt).ids.length);
    // "ainda" (still) is a complaint cue in Portuguese, nothing in English.
    const complaints: string[] = [];
    const sink = { word: (plan: { complaint: boolean; stem: string }) => void (plan.complaint && complaints.push(plan.stem)), feature: () => undefined };
    space.walk(segmentPost('o lixo ainda não passou', pt), 0.6, sink, pt);
    expect(complaints).toEqual(['ainda', 'nao']);
    complaints.length = 0;
    space.walk(segmentPost('o lixo ainda não passou', en), 0.6, sink, en);
    expect(complaints).toEqual([]);
  });

  it('a Chinese cue is a character or a pair, a Vietnamese one may be two words', () => {
    const space = new FeatureSpace();
    let marked = 0;
    const sink = { word: () => undefined, feature: () => undefined, markComplaint: () => void marked++ };
    space.walk(segmentPost('垃圾还没收', cues.of('zh')), 0.6, sink, cues.of('zh'));
    expect(marked).toBeGreaterThan(0);
    marked = 0;
    space.walk(segmentPost('rac may ngay roi', cues.of('vi')), 0.6, sink, cues.of('vi'));
    expect(marked).toBe(1);
  });

  it('once frozen, reads a known text exactly as while numbering, pairs and two-word cues included', () => {
    // The frozen walk looks bigrams up by number and two-word cues through word plans: same features as the plain path.
    const texts: [string, string][] = [
      ['en', 'My car was buried all week. Where can I park during the snow emergency?'],
      ['en', 'trash was not picked up again, nobody came'],
      ['vi', 'rac may ngay roi chua ai lay, cam on'],
      ['es', '¿Dónde puedo estacionar durante la nevada? No pasó el camión'],
      ['zh', '垃圾还没收，什么时候来？'],
    ];
    const space = new FeatureSpace();
    const before = texts.map(([language, text]) => space.vectorize(segmentPost(text, cues.of(language)), 0.6, cues.of(language)));
    space.freeze(new TypoFixer(new Set(['buried', 'emergency', 'picked']), new Set<string>(), true));
    texts.forEach(([language, text], i) => {
      const after = space.vectorize(segmentPost(text, cues.of(language)), 0.6, cues.of(language));
      expect([...after.ids], text).toEqual([...(before[i]?.ids ?? [])]);
      expect([...after.values], text).toEqual([...(before[i]?.values ?? [])]);
    });
    // A slip reads as its word, the pairs around it included.
    const slip = space.vectorize(segmentPost('trash was not pickd up again, nobody came', en), 0.6, en);
    expect([...slip.ids]).toEqual([...(before[1]?.ids ?? [])]);
  });
});
