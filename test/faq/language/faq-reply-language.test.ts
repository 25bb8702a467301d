import { beforeAll, describe, expect, it } from 'vitest';
import type { Modules } from '../../../src/app/load-modules.js';
import type { ReplyEmergency } from '../../../src/replies/decider.js';
import { loadShippedModules } from '../../support/shipped-modules.js';

let modules: Modules;
let snow: ReplyEmergency;
beforeAll(async () => {
  modules = await loadShippedModules();
  snow = { type: 'snow', params: modules.defaultParams('snow'), effectiveAt: Date.now(), title: 'Snow Emergency' };
});

describe('the FAQ service replies only in the asker’s language, and says which', () => {
  it('answers English and Spanish questions in their language', () => {
    expect(modules.faq.decide('where do they take towed cars', snow)).toMatchObject({ kind: 'answer', topic: 'parking.towed', locale: 'en' });
    const es = modules.faq.decide('¿tengo que mover mi carro hoy?', snow);
    expect(es).toMatchObject({ kind: 'answer', locale: 'es' });
    expect(es.reply).toMatch(/\b(su|carro|vehículo|calles?)\b/i);
  });

  it('hands to staff, tagged with the language, a question the knowledge base has no answer for in it', () => {
    // The matcher understands these (English keywords); no answer is written in them yet.
    for (const [text, language] of [
      ['ma voiture a été towed, où est-elle ?', 'fr'],
      ['meu carro foi towed, onde eu pego', 'pt'],
      ['gari langu limekuwa towed, nitalichukua wapi', 'sw'],
      ['제 차가 견인됐어요', 'ko'],
    ] as const) {
      expect(modules.faq.decide(text, snow), text).toMatchObject({ kind: 'handoff', locale: language, reply: null });
    }
  });

  it('hands off a post whose language it is not sure of, as und', () => {
    expect(modules.faq.decide('ok', snow)).toMatchObject({ kind: 'handoff', locale: 'und', reply: null });
  });

  it('sends the 911 reply whatever the language, and reports the language it is written in', () => {
    expect(modules.faq.decide('huele a gas en mi casa', null)).toMatchObject({ kind: 'urgent', locale: 'es' });
    const russian = modules.faq.decide('я чувствую запах газа, gas leak', null);
    expect(russian).toMatchObject({ kind: 'urgent', locale: 'ru' });
    expect(russian.reply).toMatch(/911/);
    expect(russian.reply).toMatch(/\p{Script=Cyrillic}/u);
    // Danger first: a recognised language without a 911 reply of its own gets the English one with
    // "ask for an interpreter" in that language, and is reported in that language.
    const korean = modules.faq.decide('집에서 가스 냄새가 나요', null);
    expect(korean).toMatchObject({ kind: 'urgent', locale: 'ko' });
    expect(korean.reply).toMatch(/Call 911/);
    expect(korean.reply).toMatch(/\p{Script=Hangul}/u);
  });
});
