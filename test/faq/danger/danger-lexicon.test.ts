import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/config/config-error.js';
import { loadDangerLexicons } from '../../../src/faq/danger/danger-lexicon.js';
import { TermIndex } from '../../../src/faq/danger/term-index.js';

function dirWith(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'danger-lexicon-'));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

function problemsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map((p) => `${path.basename(p.file)}: ${p.path}: ${p.message}`);
    throw error;
  }
  return [];
}

describe('danger lexicon files', () => {
  it('loads every language shipped, one file each, all parsed', () => {
    const lexicons = loadDangerLexicons(path.resolve('faq/danger'));
    const languages = lexicons.map((l) => l.language);
    for (const served of ['en', 'es', 'zh', 'vi', 'ru', 'ht', 'fr', 'pt', 'ar', 'sw']) expect(languages).toContain(served);
    for (const recognised of ['ko', 'ja', 'bn', 'ur', 'tl', 'it', 'de', 'pl', 'hi', 'ne', 'km', 'so', 'am']) expect(languages).toContain(recognised);
    expect(() => new TermIndex(lexicons)).not.toThrow();
    // Drafts are marked: only English and Spanish are reviewed.
    expect(lexicons.filter((l) => l.review === 'reviewed').map((l) => l.language).sort()).toEqual(['en', 'es']);
  });

  it('names the file, the path and the field of every problem', () => {
    const dir = dirWith({
      'en.yaml': 'language: en\nreview: reviewed\nalarm:\n  fire: [on fire, 12]\n  lava: [volcano]\n',
      'xx.yaml': 'language: fr\nreview: maybe\n',
      'zz.yaml': 'language: zz\nreview: draft\nperson: [(a|b]\n',
    });
    const problems = problemsOf(() => new TermIndex(loadDangerLexicons(dir)));
    expect(problems).toEqual(expect.arrayContaining([expect.stringMatching(/^en\.yaml: alarm\.lava: .*"lava"/), expect.stringMatching(/^xx\.yaml: review: /)]));
    const terms = problemsOf(() => new TermIndex(loadDangerLexicons(dirWith({ 'zz.yaml': 'language: zz\nreview: draft\nperson: ["(a|b"]\n' }))));
    expect(terms).toEqual(['zz.yaml: person: term "(a|b": a "(" without its ")"']);
    const named = problemsOf(() => loadDangerLexicons(dirWith({ 'fr.yaml': 'language: de\nreview: draft\n' })));
    expect(named).toEqual(['fr.yaml: language: the file of language "de" must be named de.yaml']);
  });
});
