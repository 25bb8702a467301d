import { describe, expect, it } from 'vitest';
import type { FaqOverrides } from '../../src/faq/faq-service.js';
import { FaqLearning } from '../../src/learning/faq-learning.js';
import { MemoryStore } from '../../src/store/memory/memory-store.js';

/** One instance's FAQ as the learning loop sees it: the overrides it was last given. */
function instanceFaq() {
  const faq = { applied: { phrasings: [], disabled: [] } as FaqOverrides, topics: () => ['city.offices', 'parking.towed'], applyOverrides: (o: FaqOverrides) => void (faq.applied = o) };
  return faq;
}

describe('FaqLearning across instances', () => {
  it('a phrasing taught and a topic switched off on one instance apply on another at its next refresh, and after a restart', async () => {
    const store = new MemoryStore();
    const clock = { now: () => 1_000 };
    const [faqA, faqB] = [instanceFaq(), instanceFaq()];
    const a = new FaqLearning(store, faqA, clock);
    const b = new FaqLearning(store, faqB, clock);
    await a.addPhrasing({ topic: 'city.offices', text: 'lost library card', locale: 'en', actor: 'user:mia' });
    await a.setDisabled({ topic: 'parking.towed', disabled: true, actor: 'user:mia', reason: 'lot moved' });
    // Live on the instance that changed it at once.
    expect(faqA.applied).toEqual({ phrasings: [{ topic: 'city.offices', text: 'lost library card', locale: 'en' }], disabled: ['parking.towed'] });
    expect(faqB.applied.disabled).toEqual([]);
    await b.refresh();
    expect(faqB.applied).toEqual(faqA.applied);
    // A restart builds a new FaqLearning over the same store.
    const faqC = instanceFaq();
    await new FaqLearning(store, faqC, clock).refresh();
    expect(faqC.applied).toEqual(faqA.applied);
    await b.setDisabled({ topic: 'parking.towed', disabled: false, actor: 'user:ada' });
    await a.refresh();
    expect(faqA.applied.disabled).toEqual([]);
    expect((await a.switches())[0]).toMatchObject({ topic: 'parking.towed', disabled: false, by: 'user:ada' });
  });

  it('names the topics it knows when asked for another, and refuses a phrasing with no words', async () => {
    const learning = new FaqLearning(new MemoryStore(), instanceFaq(), { now: () => 1 });
    await expect(learning.addPhrasing({ topic: 'nope', text: 'x', locale: 'en', actor: 'u' })).rejects.toThrow('no FAQ topic "nope" (known: city.offices, parking.towed)');
    await expect(learning.addPhrasing({ topic: 'city.offices', text: '?!', locale: 'en', actor: 'u' })).rejects.toThrow(/no words/);
  });
});
