import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Modules } from '../../../src/app/load-modules.js';
import { parseContextFragments, wrapRows } from '../../../src/faq/danger/training/context-fragments.js';
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
  // whole only, 80 of 92 were caught (87%); read window by window as well, 91. Their look-alikes,
  // as long and as full of danger words, are flagged 11 times of 92 (8 before the model learnt
  // from wrapped posts; 7 of the 11 read whole): the bound is 12.5%.
  it('long posts: the danger in one sentence of a long story is caught', () => {
    const long = rows('eval/dev', (f) => f.startsWith('danger-long-') && f.endsWith('-check.tsv'));
    expect(long.length).toBeGreaterThanOrEqual(184);
    const all = evaluateDanger(modules.faq, long, null).get('all');
    expect((all?.caught ?? 0) / (all?.dangerous ?? 1)).toBeGreaterThanOrEqual(0.95);
    expect(all?.falseUrgent).toBe(0);
    expect((all?.possible ?? 1) / (all?.harmless ?? 1)).toBeLessThanOrEqual(0.125);
  });

  // What residents put around a post (a greeting, "sorry to bother you", a quoted notice, "thank
  // you", a signature, a phone number, where it is) must hardly move the decision. The fragments
  // are the check set's own, written apart from the training ones. Before, an apology in front
  // flagged 94 more harmless posts, a quoted notice lost 126 catches and a greeting 54; now at
  // most 37 more flagged (an apology) and 32 fewer caught (a quoted notice) (README).
  // The posts as written are the baseline: the test is how far wrapping moves them.
  it('a post reads the same with what residents put around it', () => {
    const check = rows('eval/dev', (f) => f.endsWith('-check.tsv') || f.endsWith('-fresh.tsv'));
    const fragments = parseContextFragments(fs.readFileSync('eval/dev/context-fragments-check.tsv', 'utf8'), 'context-fragments-check.tsv');
    const plain = evaluateDanger(modules.faq, check, null).get('all');
    const kinds = [...new Set(fragments.map((f) => f.kind))].sort();
    expect(kinds.length).toBeGreaterThanOrEqual(10);
    for (const kind of kinds) {
      const wrapped = wrapRows(check, fragments, kind, 20_261_127);
      const all = evaluateDanger(modules.faq, wrapped, null).get('all');
      expect(all?.caught, kind).toBeGreaterThanOrEqual((plain?.caught ?? 0) - 0.025 * (plain?.dangerous ?? 0));
      expect(all?.possible, kind).toBeLessThanOrEqual((plain?.possible ?? 0) + 0.02 * (plain?.harmless ?? 0));
      expect(all?.falseUrgent, kind).toBeLessThanOrEqual((plain?.falseUrgent ?? 0) + 2);
    }
  }, 600_000); // twelve passes over 3,900 posts: a hang guard, not a speed claim

  it('rejects a malformed row with the file and line', () => {
    expect(() => parseDangerTsv('expected\tlocale\ttext\n911\ten\thelp', 'danger-xx.tsv')).toThrow('danger-xx.tsv:2');
  });
});
