import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ConfigProblem } from '../../src/config/config-error.js';
import { loadPostCues, readPostCues } from '../../src/faq/post-cues.js';
import { DEFAULT_SERVED_LANGUAGES } from '../../src/faq/language/language-codes.js';

describe('post cues per language (faq/cues/<lang>.yaml)', () => {
  it('ships cues for every served language, each with question forms, negations and all four families', () => {
    const cues = loadPostCues();
    for (const language of DEFAULT_SERVED_LANGUAGES) {
      expect(cues.languages()).toContain(language);
      const own = cues.of(language);
      expect(own.language).toBe(language);
      expect(own.negations.size).toBeGreaterThan(0);
      expect(own.asks !== undefined || own.openers.size > 0).toBe(true);
      const families = new Set([...own.words.values(), ...[...own.pairs.values()].flatMap((m) => [...m.values()])]);
      expect([...families].sort()).toEqual(['complaint', 'rant', 'story', 'thanks']);
    }
    // A language without a file reads every language's cues.
    expect(cues.of('it').language).toBe('und');
    expect(cues.of('pt').negations.has('no')).toBe(false);
    expect(cues.of('es').negations.has('no')).toBe(true);
  });

  it('a language\'s calibrated threshold raises the configured one for its posts only', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cues-'));
    fs.writeFileSync(path.join(dir, 'en.yaml'), 'language: en\nnegations: [not]\n');
    fs.writeFileSync(path.join(dir, 'es.yaml'), 'language: es\nthreshold: 0.7\nnegations: [no]\n');
    const problems: ConfigProblem[] = [];
    const cues = readPostCues(dir, problems);
    expect(problems).toEqual([]);
    expect(cues.of('en').threshold).toBe(0);
    expect(cues.of('es').threshold).toBe(0.7);
    // A post of no known language takes the most careful one.
    expect(cues.of(undefined).threshold).toBe(0.7);
    fs.rmSync(dir, { recursive: true });
  });

  it('names the file, path and field of a bad cue file', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cues-'));
    fs.writeFileSync(path.join(dir, 'fr.yaml'), 'language: fr\ncomplaint: [toujours, trois mots ici]\nnegation: [pas]\n');
    fs.writeFileSync(path.join(dir, 'xx.yaml'), 'language: pt\n');
    const problems: ConfigProblem[] = [];
    readPostCues(dir, problems);
    expect(problems.some((p) => p.file.endsWith('fr.yaml') && p.path === 'complaint[1]')).toBe(true);
    expect(problems.some((p) => p.file.endsWith('fr.yaml') && p.path === 'negation')).toBe(true);
    expect(problems.some((p) => p.file.endsWith('xx.yaml') && p.path === 'language')).toBe(true);
    fs.rmSync(dir, { recursive: true });
  });
});
