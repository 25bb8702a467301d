import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Modules } from '../../../src/app/load-modules.js';
import { evaluateDanger, parseDangerTsv, type DangerRow } from '../../../src/faq/evaluate-danger.js';
import { loadShippedModules } from '../../support/shipped-modules.js';

let modules: Modules;
beforeAll(async () => {
  modules = await loadShippedModules();
});

const SERVED = ['en', 'es', 'zh', 'vi', 'ru', 'ht', 'fr', 'pt', 'ar', 'sw'];

function rows(dir: string, keep: (name: string) => boolean): DangerRow[] {
  return fs
    .readdirSync(dir)
    .filter((f) => f.startsWith('danger-') && f.endsWith('.tsv') && keep(f))
    .flatMap((f) => parseDangerTsv(fs.readFileSync(path.join(dir, f), 'utf8'), f));
}

describe('the labelled danger sets, through the full decision', () => {
  // A floor, not a target: the lexicons were tuned on the dev sets (see README).
  it('dev sets: every danger caught, no false 911 reply, possible danger on at most 5% of harmless messages, per language', () => {
    const all = rows('eval/dev', (f) => !f.endsWith('-check.tsv') && !f.endsWith('-fresh.tsv'));
    expect(all.filter((r) => r.expected === 'urgent').length).toBeGreaterThanOrEqual(200);
    expect(all.filter((r) => r.expected === 'harmless').length).toBeGreaterThanOrEqual(1200);
    const scores = evaluateDanger(modules.faq, all, null);
    for (const language of SERVED) {
      const s = scores.get(language);
      expect(s, language).toBeDefined();
      expect(s?.misses.filter((m) => m.row.expected === 'urgent').map((m) => m.row.text), language).toEqual([]);
      expect(s?.falseUrgent, language).toBe(0);
      expect((s?.possible ?? 0) / (s?.harmless ?? 1), language).toBeLessThanOrEqual(0.05);
    }
  });

  // Never tuned on: a floor at what round 2 measured (README), so no change makes it worse. The
  // targets (100% recall, at most 0.5% false 911 replies) are not met on these yet.
  it('check sets, written after the lexicons were frozen: no worse than measured', () => {
    const check = rows('eval/dev', (f) => f.endsWith('-check.tsv'));
    expect(check.length).toBeGreaterThanOrEqual(240);
    const all = evaluateDanger(modules.faq, check, null).get('all');
    expect((all?.caught ?? 0) / (all?.dangerous ?? 1)).toBeGreaterThanOrEqual(0.76);
    expect((all?.falseUrgent ?? 1) / (all?.harmless ?? 1)).toBeLessThanOrEqual(0.045);
    expect((all?.possible ?? 1) / (all?.harmless ?? 1)).toBeLessThanOrEqual(0.05);
  });

  // Long posts (250–900 characters) whose danger is one sentence of a story or a complaint: read
  // whole only, 80 of 92 were caught (87%); read window by window as well, 91.
  it('long posts: the danger in one sentence of a long story is caught', () => {
    const long = rows('eval/dev', (f) => f.startsWith('danger-long-') && f.endsWith('-check.tsv'));
    expect(long.length).toBeGreaterThanOrEqual(184);
    const all = evaluateDanger(modules.faq, long, null).get('all');
    expect((all?.caught ?? 0) / (all?.dangerous ?? 1)).toBeGreaterThanOrEqual(0.95);
    expect(all?.falseUrgent).toBe(0);
    expect((all?.possible ?? 1) / (all?.harmless ?? 1)).toBeLessThanOrEqual(0.1);
  });

  it('rejects a malformed row with the file and line', () => {
    expect(() => parseDangerTsv('expected\tlocale\ttext\n911\ten\thelp', 'danger-xx.tsv')).toThrow('danger-xx.tsv:2');
  });
});
