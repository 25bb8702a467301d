import { beforeAll, describe, expect, it } from 'vitest';
import type { Modules } from '../../src/app/load-modules.js';
import { normalizeText } from '../../src/faq/normalize.js';
import { contentTokens, tokenOverlap } from '../../src/faq/phrase-similarity.js';
import { LEARNED_MIN_OVERLAP } from '../../src/faq/learned-phrasings.js';
import { FaqLearning } from '../../src/learning/faq-learning.js';
import { MemoryStore } from '../../src/store/memory/memory-store.js';
import { loadShippedModules } from '../support/shipped-modules.js';

// A question the shipped FAQ does not place, the wording staff teach, and rewordings of it
// (written for this test; none is a near-duplicate of the taught text).
const TAUGHT = 'can i return library books late because the book drop is covered in snow';
const PARAPHRASE = 'the book drop at my library is buried under snow, will they let me return books late';
const UNRELATED = 'is the zoo open during the snow emergency';

let instanceA: Modules;
let instanceB: Modules;
beforeAll(async () => {
  instanceA = await loadShippedModules();
  instanceB = await loadShippedModules();
});

describe('taught phrasings retrain the classifier', () => {
  it('a paraphrase of a taught phrasing is answered once the teach command returns, on every instance, without a restart', async () => {
    // Not a near-duplicate: only the retrained classifier can place it.
    expect(tokenOverlap(contentTokens(PARAPHRASE), contentTokens(TAUGHT))).toBeLessThan(LEARNED_MIN_OVERLAP);
    expect(normalizeText(PARAPHRASE)).not.toBe(normalizeText(TAUGHT));
    for (const faq of [instanceA.faq, instanceB.faq]) expect(faq.decide(PARAPHRASE, null).kind).toBe('handoff');

    const store = new MemoryStore();
    const clock = { now: () => 1_000 };
    const a = new FaqLearning(store, instanceA.faq, clock);
    const b = new FaqLearning(store, instanceB.faq, clock);
    await a.addPhrasing({ topic: 'city.offices', text: TAUGHT, locale: 'en', actor: 'user:mia' });
    const taught = instanceA.faq.decide(PARAPHRASE, null);
    expect(taught).toMatchObject({ kind: 'answer', topic: 'city.offices' });
    // Answered by the classifier, not by the near-duplicate match of the taught text.
    expect(taught.learned).toBeUndefined();
    expect(instanceA.faq.decide(TAUGHT, null)).toMatchObject({ kind: 'answer', topic: 'city.offices' });
    // Only what was taught: an unrelated question still goes to staff.
    expect(instanceA.faq.decide(UNRELATED, null).kind).toBe('handoff');

    // The other instance learns it at its next refresh.
    expect(instanceB.faq.decide(PARAPHRASE, null).kind).toBe('handoff');
    await b.refresh();
    expect(instanceB.faq.decide(PARAPHRASE, null)).toMatchObject({ kind: 'answer', topic: 'city.offices' });

    // Removed again: the classifier forgets it too.
    const [phrasing] = await a.phrasings();
    await a.removePhrasing(phrasing?.id as string);
    expect(instanceA.faq.decide(PARAPHRASE, null).kind).toBe('handoff');
  });

  it('keeps answering with the model it has while it retrains', async () => {
    instanceA.faq.applyOverrides({ phrasings: [{ topic: 'city.offices', text: TAUGHT, locale: 'en' }], disabled: [] });
    // Training has started in the background: decisions go on meanwhile, the taught text itself at once.
    expect(instanceA.faq.decide(TAUGHT, null)).toMatchObject({ kind: 'answer', topic: 'city.offices', learned: true });
    expect(instanceA.faq.decide('is school closed tomorrow', null).kind).toBe('answer');
    await instanceA.faq.retrained();
    expect(instanceA.faq.decide(PARAPHRASE, null)).toMatchObject({ kind: 'answer', topic: 'city.offices' });
    instanceA.faq.applyOverrides({ phrasings: [], disabled: [] });
    await instanceA.faq.retrained();
  });
});
