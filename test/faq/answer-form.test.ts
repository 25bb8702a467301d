import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Modules } from '../../src/app/load-modules.js';
import { loadModules } from '../../src/app/load-modules.js';
import { ConfigError } from '../../src/config/config-error.js';
import { loadConfig } from '../../src/config/load-config.js';
import { opensWithYesOrNo } from '../../src/faq/check-answers.js';
import { loadKnowledgeBase } from '../../src/faq/knowledge-base.js';
import type { ReplyEmergency } from '../../src/replies/decider.js';
import { TemplateEngine } from '../../src/templates/engine.js';
import { measureLength } from '../../src/templates/measure-length.js';
import { DANGER_TEXT_KINDS } from '../../src/faq/danger/danger-texts.js';
import { replyText } from '../../src/channels/x/x-text.js';
import { loadShippedModules } from '../support/shipped-modules.js';

let modules: Modules;
beforeAll(async () => {
  modules = await loadShippedModules();
});

describe('answers read right after any form of question', () => {
  it('no answer of any topic, state or language opens with a yes or a no', () => {
    const now = Date.now();
    const states: (ReplyEmergency | null)[] = [null, ...modules.emergencyTypes().map((type) => ({ type, params: modules.defaultParams(type), effectiveAt: now, title: modules.titleFor(type, 'en') }))];
    const locales = ['en', 'es', 'zh', 'vi', 'fr', 'ht', 'pt', 'sw', 'ru', 'ar'];
    let checked = 0;
    for (const topic of modules.faq.topics()) {
      for (const locale of locales) {
        for (const state of states) {
          const text = modules.faq.answer(topic, locale, state);
          expect(text.length, `${topic} ${locale} ${state?.type ?? 'normal'}`).toBeGreaterThan(0);
          expect(opensWithYesOrNo(text), `${topic} ${locale} ${state?.type ?? 'normal'}: ${text}`).toBe(false);
          checked++;
        }
      }
    }
    expect(checked).toBe(modules.faq.topics().length * locales.length * states.length);
  });

  it('every answer, with its acknowledgement, fits one X reply addressed to a 15-character handle', () => {
    // A longer reply is cut with "…" (the 311 pointer at its end lost) and cannot be recognised on
    // X's timeline if its response is lost, so a retry would be refused as a duplicate.
    const kb = loadKnowledgeBase(path.resolve('faq'), new TemplateEngine({ timeZone: 'America/New_York' }));
    const now = Date.now();
    const states: (ReplyEmergency | null)[] = [null, ...modules.emergencyTypes().map((type) => ({ type, params: { ...modules.defaultParams(type), trashDelayDays: 10 }, effectiveAt: now, title: modules.titleFor(type, 'en') }))];
    for (const topic of kb.topics) {
      for (const locale of ['en', 'es', 'zh', 'vi', 'fr', 'ht', 'pt', 'sw', 'ru', 'ar']) {
        for (const state of states) {
          const acknowledgement = topic.acknowledge.get(locale);
          const text = `@${'x'.repeat(15)} ${acknowledgement === undefined ? '' : `${acknowledgement} `}${modules.faq.answer(topic.id, locale, state)}`;
          expect(measureLength(text, 'weighted'), `${topic.id} ${locale} ${state?.type ?? 'normal'}`).toBeLessThanOrEqual(280);
        }
      }
    }
  });

  it('every 911 text, the crisis-line one too, fits one X reply in every served language', () => {
    for (const kind of DANGER_TEXT_KINDS) {
      for (const locale of ['en', 'es', 'zh', 'vi', 'fr', 'ht', 'pt', 'sw', 'ru', 'ar']) {
        expect(measureLength(`@${'x'.repeat(15)} ${modules.faq.dangerText(kind, locale)}`, 'weighted'), `${kind} ${locale}`).toBeLessThanOrEqual(280);
      }
    }
  });

  it('in a language the city does not serve, the 911 line in that language comes first and survives X shortening the reply', () => {
    // The English text after it can make the reply longer than X allows (Korean: 298 weighted
    // characters); X's channel then drops words from the end, so the English goes, not the line the
    // resident can read.
    const unserved = loadConfig(path.resolve('config')).config.city.languages.interpreterReplies;
    expect(unserved.length).toBeGreaterThan(10);
    for (const kind of DANGER_TEXT_KINDS) {
      for (const locale of unserved) {
        const text = modules.faq.dangerText(kind, locale);
        const [own, english] = text.split('\n\n');
        expect(english, `${kind} ${locale}`).toBe(modules.faq.dangerText(kind, 'en'));
        expect(own, `${kind} ${locale}`).toMatch(/911/);
        expect(replyText(text, 'x'.repeat(15)), `${kind} ${locale}`).toContain(`${own}\n\n`);
      }
    }
  });

  it('the pointer to 311 with an interpreter fits one X reply in every language the city does not serve', () => {
    for (const locale of loadConfig(path.resolve('config')).config.city.languages.interpreterReplies) {
      const pointer = modules.languages.interpreterReply(locale, 'general', Date.now());
      expect(pointer, locale).toMatch(/311|\d{3}/);
      expect(measureLength(`@${'x'.repeat(15)} ${pointer}`, 'weighted'), locale).toBeLessThanOrEqual(280);
    }
  });

  it('acknowledgements are short statements, in the language of their answer', () => {
    const kb = loadKnowledgeBase(path.resolve('faq'), new TemplateEngine({ timeZone: 'America/New_York' }));
    const acknowledging = kb.topics.filter((t) => t.acknowledge.size > 0);
    expect(acknowledging.length).toBeGreaterThan(5);
    for (const topic of acknowledging) {
      expect([...topic.acknowledge.keys()].sort(), topic.id).toEqual(['ar', 'en', 'es', 'fr', 'ht', 'pt', 'ru', 'sw', 'vi', 'zh']);
      for (const [locale, text] of topic.acknowledge) {
        expect(opensWithYesOrNo(text), text).toBe(false);
        expect(text).toMatch(/[.!。！]$/u);
        // Drafted languages are written in their own script, with no English word in them.
        if (locale === 'ru') expect(text, topic.id).toMatch(/^[А-Яа-яЁё ,.!-]+$/u);
        if (locale === 'ar') expect(text, topic.id).toMatch(/^[\u0600-\u06FF ،.!]+$/u);
      }
    }
    const es = modules.faq.decide('todavía no pasa ninguna quitanieves por mi cuadra', null);
    expect(es).toMatchObject({ kind: 'answer', topic: 'snow.plowing', locale: 'es' });
    expect(es.reply).toMatch(/^Lamentamos la espera\. Las cuadrillas/);
  });

  it('a knowledge base whose answer opens with "Yes," is refused, naming the file and the state', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'civicast-faq-'));
    fs.cpSync(path.resolve('faq'), dir, { recursive: true });
    const file = path.join(dir, 'street-cleaning.yaml');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('Street cleaning is suspended during', 'Yes, street cleaning is suspended during'));
    const configDir = path.resolve('config');
    let problems: { file: string; path: string; message: string }[] = [];
    try {
      await loadModules({ configDir, config: loadConfig(configDir).config, logger: pino({ level: 'silent' }), faqDir: dir });
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      problems = (error as ConfigError).problems;
    }
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.every((p) => p.file.endsWith('street-cleaning.yaml') && /yes or a no/.test(p.message))).toBe(true);
    expect(problems.map((p) => p.path)).toContain('answers (snow, en)');
  });
});
