import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Modules } from '../../src/app/load-modules.js';
import { parseLabelledTsv } from '../../src/faq/evaluate.js';
import { seededRandom } from '../support/seeded-random.js';
import { loadShippedModules } from '../support/shipped-modules.js';
import { withTypingSlip } from '../support/typing-slips.js';

let modules: Modules;
beforeAll(async () => {
  modules = await loadShippedModules();
});

describe('urgent detection survives typing slips', () => {
  it('sends the 911 reply for misspelt danger messages in English and Spanish', () => {
    for (const text of ['my house is on fiee', 'I semll gas in my kitchen', 'caarbon monoxide alarm is going off', 'heule a gas en mi casa', 'mi hijo no repira', 'cables elétricos caídos en la calle', 'power lnie down sparking on my car']) {
      expect(modules.faq.decide(text, null).kind, text).toBe('urgent');
    }
  });

  it('on seeded slips of the labelled questions: recall far above the plain patterns, false 911 replies next to none', () => {
    const labelled = [path.resolve('test/faq/heldout.tsv')].flatMap((f) => parseLabelledTsv(fs.readFileSync(f, 'utf8')));
    // English and Spanish: the languages with word lists to tell a typo from a real word.
    const latin = labelled.filter((q) => q.locale === 'en' || q.locale === 'es');
    const urgent = latin.filter((q) => q.expected === 'urgent').map((q) => q.text);
    const harmless = latin.filter((q) => q.expected !== 'urgent').map((q) => q.text);
    const random = seededRandom(29);
    let caught = 0;
    let tried = 0;
    for (let round = 0; round < 20; round++) {
      for (const text of urgent) {
        tried++;
        if (modules.faq.decide(withTypingSlip(text, random), null).kind === 'urgent') caught++;
      }
    }
    let falseAlarms = 0;
    let calm = 0;
    for (let round = 0; round < 20; round++) {
      for (const text of harmless) {
        calm++;
        if (modules.faq.decide(withTypingSlip(text, random), null).kind === 'urgent') falseAlarms++;
      }
    }
    // Measured when this was written: ~97% caught (the plain patterns alone: ~65%), no false alarm.
    expect(caught / tried).toBeGreaterThan(0.9);
    expect(falseAlarms / calm).toBeLessThan(0.001);
  });
});
