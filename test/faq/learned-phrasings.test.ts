import { describe, expect, it } from 'vitest';
import { LearnedPhrasings } from '../../src/faq/learned-phrasings.js';

describe('LearnedPhrasings', () => {
  const learned = new LearnedPhrasings();
  learned.replace([
    { topic: 'city.offices', text: 'my kids library card got lost, can they get a new one' },
    { topic: 'trash.collection', text: 'bins?' },
    { topic: 'flooding', text: '¿Dónde consigo sacos de arena?' },
  ]);

  it('takes the same words (case, punctuation and accents aside) at full similarity', () => {
    expect(learned.match('My kids LIBRARY card got lost... can they get a new one?!')).toEqual({ topic: 'city.offices', similarity: 1 });
    expect(learned.match('donde consigo sacos de arena')).toEqual({ topic: 'flooding', similarity: 1 });
  });

  it('takes a near-duplicate, never a different question or a post that shares a short phrasing’s word', () => {
    expect(learned.match('my kids library card got lost, can they get a new one please')?.topic).toBe('city.offices');
    expect(learned.match('my library card got lost')).toBeUndefined();
    expect(learned.match('bins are overflowing on my street')).toBeUndefined();
    expect(learned.match('bins')?.topic).toBe('trash.collection');
  });

  it('forgets what is no longer taught', () => {
    const copy = new LearnedPhrasings();
    copy.replace([{ topic: 'x', text: 'one two three' }]);
    copy.replace([]);
    expect(copy.size).toBe(0);
    expect(copy.match('one two three')).toBeUndefined();
  });
});
