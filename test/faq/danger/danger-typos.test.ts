import fs from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Modules } from '../../../src/app/load-modules.js';
import { parseDangerTsv } from '../../../src/faq/evaluate-danger.js';
import { seededRandom } from '../../support/seeded-random.js';
import { loadShippedModules } from '../../support/shipped-modules.js';
import { withTypingSlip } from '../../support/typing-slips.js';

let modules: Modules;
beforeAll(async () => {
  modules = await loadShippedModules();
});

describe('danger detection survives typing slips', () => {
  it('leads with 911 for misspelt danger messages: the model also scores the message with its slips put right', () => {
    for (const text of ['my house is on fiee', 'I semll gas in my kitchen', 'heule a gas en mi casa', 'mi hijo no repira']) {
      expect(modules.faq.decide(text, null).danger, text).not.toBe('none');
    }
  });

  it('on seeded slips of the English and Spanish dev sets: danger still caught, false 911 replies next to none', () => {
    // The languages with word lists to tell a typo from a real word.
    const rows = ['en', 'es'].flatMap((l) => parseDangerTsv(fs.readFileSync(`eval/dev/danger-${l}.tsv`, 'utf8'), l));
    const random = seededRandom(29);
    let caught = 0;
    let tried = 0;
    let falseAlarms = 0;
    let calm = 0;
    for (let round = 0; round < 5; round++) {
      for (const row of rows) {
        const danger = modules.faq.decide(withTypingSlip(row.text, random), null).danger;
        if (row.expected === 'urgent') {
          tried++;
          if (danger !== 'none') caught++;
        } else {
          calm++;
          if (danger === 'urgent') falseAlarms++;
        }
      }
    }
    // Measured when this was written: 97% caught (both tiers), 0.2% false 911 replies.
    expect(caught / tried).toBeGreaterThan(0.93);
    expect(falseAlarms / calm).toBeLessThan(0.005);
  });
});
