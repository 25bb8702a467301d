import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadModules } from '../../../src/app/load-modules.js';
import { loadConfig } from '../../../src/config/load-config.js';
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

  it('answers French and Haitian Creole questions from their language folders, in their language', () => {
    const fr = modules.faq.decide('ma voiture a été towed, où est-elle ?', snow);
    expect(fr).toMatchObject({ kind: 'answer', topic: 'parking.towed', locale: 'fr' });
    expect(fr.reply).toMatch(/\bvoitures?\b/);
    const ht = modules.faq.decide('yo remòke machin mwen yè swa, ki kote pou m jwenn li?', snow);
    expect(ht).toMatchObject({ kind: 'answer', topic: 'parking.towed', locale: 'ht' });
    expect(ht.reply).toMatch(/\bmachin\b/);
  });

  it('hands to staff, tagged with the language, a question the knowledge base has no answer for in it', async () => {
    // A knowledge base without its Swahili folder: Swahili is still served and recognised, but has
    // no answers, so a Swahili question goes to staff tagged sw, never answered in another language.
    const faqDir = fs.mkdtempSync(path.join(os.tmpdir(), 'civicast-faq-'));
    fs.cpSync(path.resolve('faq'), faqDir, { recursive: true });
    fs.rmSync(path.join(faqDir, 'sw'), { recursive: true, force: true });
    try {
      const configDir = path.resolve('config');
      const without = await loadModules({ configDir, config: loadConfig(configDir).config, logger: pino({ level: 'silent' }), faqDir });
      for (const text of ['gari langu limekuwa towed, nitalichukua wapi', 'takataka hazijachukuliwa wiki hii, lini watakuja']) {
        expect(without.faq.decide(text, snow), text).toMatchObject({ kind: 'handoff', locale: 'sw', reply: null });
      }
    } finally {
      fs.rmSync(faqDir, { recursive: true, force: true });
    }
  });

  it('points a resident writing in an unserved language to 311 with an interpreter, in that language, and hands the message to staff', () => {
    const korean = modules.faq.decide('제 차가 견인됐어요', snow);
    expect(korean).toMatchObject({ kind: 'handoff', locale: 'ko', topic: null });
    expect(korean.reply).toMatch(/한국어 통역/);
    expect(korean.reply).toContain('311');
    const german = modules.faq.decide('Mein Auto wurde abgeschleppt, wo ist es jetzt?', snow);
    expect(german).toMatchObject({ kind: 'handoff', locale: 'de' });
    expect(german.reply).toMatch(/Dolmetscher für Deutsch/);
  });

  it('points a resident in danger writing in an unserved language to 911 with an interpreter, in that language', () => {
    // The danger words this detector knows are English (the danger lexicons of these languages come
    // with the danger work); residents mix them in, and the language is still read right.
    const korean = modules.faq.decide('집에 불이 났어요 fire 도와주세요', null);
    expect(korean).toMatchObject({ kind: 'urgent', locale: 'ko' });
    expect(korean.reply).toMatch(/지금 바로 911/);
    expect(korean.reply).toContain('Korean');
    // Longer than a short alarm, in a language the model saw few examples of: the full 911 reply
    // only when the model is sure, else the 911 line first (possible danger); either is in German.
    const german = modules.faq.decide('Hilfe! Unser Haus brennt, es gibt überall Rauch und fire', null);
    expect(german).toMatchObject({ locale: 'de' });
    expect(['urgent', 'possible']).toContain(german.danger);
    expect(german.reply).toMatch(/rufen Sie jetzt die 911 an/);
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
    // Danger first: a recognised language the city does not serve gets its approved pointer to 911
    // with an interpreter, in that language, and is reported in that language.
    const korean = modules.faq.decide('집에서 가스 냄새가 나요', null);
    expect(korean).toMatchObject({ kind: 'urgent', locale: 'ko' });
    expect(korean.reply).toMatch(/911/);
    expect(korean.reply).toMatch(/\p{Script=Hangul}/u);
  });
});
