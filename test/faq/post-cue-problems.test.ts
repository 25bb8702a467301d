import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { postCueProblems } from '../../src/faq/post-cue-problems.js';

const SERVED = ['en', 'es', 'zh', 'vi', 'ru', 'ht', 'fr', 'pt', 'ar', 'sw'];

/** A knowledge-base folder holding a copy of the shipped post cues, with files replaced or removed. */
function faqWithCues(changes: Record<string, string | null>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'civicast-cues-'));
  fs.cpSync(path.resolve('faq/cues'), path.join(dir, 'cues'), { recursive: true });
  for (const [name, text] of Object.entries(changes)) {
    if (text === null) fs.rmSync(path.join(dir, 'cues', name));
    else fs.writeFileSync(path.join(dir, 'cues', name), text);
  }
  return dir;
}

const lines = (faqDir: string, served: readonly string[]) => postCueProblems({ faqDir, served }).map((p) => `${path.basename(p.file)}|${p.path}|${p.message}`);

describe('post cues of every served language', () => {
  it('finds nothing missing in the shipped cues of the ten served languages', () => {
    expect(postCueProblems({ faqDir: path.resolve('faq'), served: SERVED })).toEqual([]);
  });

  it('names the missing file of each served language that has none, and only those', () => {
    const dir = faqWithCues({ 'ru.yaml': null });
    const problems = postCueProblems({ faqDir: dir, served: [...SERVED, 'ko'] });
    expect(problems.map((p) => p.file)).toEqual([path.join(path.relative(process.cwd(), path.join(dir, 'cues')), 'ru.yaml'), path.join(path.relative(process.cwd(), path.join(dir, 'cues')), 'ko.yaml')]);
    expect(problems[0]?.message).toMatch(/^missing: served language ru has no post cues/);
    expect(problems[1]?.message).toMatch(/^missing: served language ko has no post cues/);
    // Korean recognised but not served needs no cues.
    expect(lines(dir, ['en', 'es'])).toEqual([]);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('names a served language whose cue file does not parse or does not fit, with the path and field', () => {
    const ru = fs.readFileSync(path.resolve('faq/cues/ru.yaml'), 'utf8');
    const dir = faqWithCues({
      'ru.yaml': `${ru}\nnegations: [не\n`,
      'vi.yaml': 'language: vi\nthreshold: 2\n',
      'sw.yaml': 'language: fr\n',
      'xx.yaml': 'language: [broken\n', // an unserved language's file: the knowledge base reports it
    });
    const found = lines(dir, SERVED);
    expect(found.some((l) => /^ru\.yaml\|\|YAML syntax: .*\(the post cues of served language ru\)$/.test(l)), found.join('\n')).toBe(true);
    expect(found.some((l) => /^vi\.yaml\|threshold\|.*\(the post cues of served language vi\)$/.test(l)), found.join('\n')).toBe(true);
    expect(found.some((l) => /^sw\.yaml\|language\|the file of language "fr" must be named fr\.yaml/.test(l)), found.join('\n')).toBe(true);
    expect(found.filter((l) => l.startsWith('xx.yaml'))).toEqual([]);
    expect(found.filter((l) => /^(en|es|zh|ht|fr|pt|ar)\.yaml/.test(l))).toEqual([]);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('reads the shipped cues when the knowledge base has no cues folder, as the knowledge base does', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'civicast-cues-'));
    expect(postCueProblems({ faqDir: dir, served: SERVED })).toEqual([]);
    expect(postCueProblems({ faqDir: dir, served: ['ko'] }).map((p) => path.basename(p.file))).toEqual(['ko.yaml']);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
