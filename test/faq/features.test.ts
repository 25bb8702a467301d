import { describe, expect, it } from 'vitest';
import { FeatureSpace, NEGATED_WEIGHT, TRIGRAM_WEIGHT } from '../../src/faq/features.js';
import { segmentPost } from '../../src/faq/post-segments.js';

describe('features of a post', () => {
  it('marks the words after a negation, within three content words', () => {
    const space = new FeatureSpace();
    const plain = space.vectorize(segmentPost('trash picked up'), 0.6);
    const negated = space.vectorize(segmentPost('trash was not picked up'), 0.6);
    // "not" adds negated features for "picked" and "up" (stopwords do not count): more features, same words.
    expect(negated.ids.length).toBeGreaterThan(plain.ids.length + 1);
    const far = space.vectorize(segmentPost('not a single plow came down our narrow street'), 0.6);
    const near = space.vectorize(segmentPost('a single plow came down our narrow street'), 0.6);
    expect(far.ids.length - near.ids.length).toBeGreaterThanOrEqual(3);
    expect(NEGATED_WEIGHT).toBeLessThan(1);
  });

  it('weighs a question sentence over the story around it; the post vector is about unit length', () => {
    const space = new FeatureSpace();
    const text = 'My car was buried all week. Where can I park?';
    space.vectorize(segmentPost(text), 0.6);
    space.freeze();
    const post = space.vectorize(segmentPost(text), 0.6);
    const valueOf = (word: string) => post.values[post.ids.indexOf(space.vectorize(segmentPost(word), 1).ids[0] as number)] as number;
    expect(valueOf('park')).toBeCloseTo(valueOf('buried') / 0.6, 9);
    const norm = Math.sqrt(post.values.reduce((s, v) => s + v * v, 0));
    expect(norm).toBeGreaterThan(0.9);
    expect(norm).toBeLessThan(1.2);
  });

  it('after freeze, unknown words add nothing and slips of known words read as those words', () => {
    const space = new FeatureSpace();
    space.vectorize(segmentPost('is recycling delayed'), 0.6);
    const size = space.size;
    space.freeze();
    expect(space.vectorize(segmentPost('zzyzx quux'), 0.6).ids.length).toBe(0);
    expect(space.size).toBe(size);
    expect(TRIGRAM_WEIGHT).toBeLessThan(1);
  });
});
