import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateLanguage, formatLanguageEvaluation, languageEvalSets, parseLanguageLabelled } from '../../../src/faq/language/evaluate-language.js';
import type { LanguageRecognizer } from '../../../src/faq/language/recognize-language.js';

const options = { served: ['en', 'es'], recognised: ['it'] };
/** A stand-in recogniser with fixed answers, so the tallies are known exactly. */
const fixed = (answers: Record<string, string>): LanguageRecognizer => ({
  recognize: (text) => {
    const language = answers[text] ?? 'und';
    return { language, confidence: 0.9, served: options.served.includes(language), candidates: [] };
  },
});

describe('evaluateLanguage', () => {
  it('reads sets by their header, with or without a category column', () => {
    const withCategory = parseLanguageLabelled('expected\tlocale\ttext\tcategory\nnone\tes\thola amigos\tshort\n\n# a comment\nnone\ten\t\tshort\n');
    expect(withCategory).toEqual([{ locale: 'es', text: 'hola amigos' }]);
    expect(parseLanguageLabelled('expected\tlocale\ttext\nx\ten\thi there\n')).toEqual([{ locale: 'en', text: 'hi there' }]);
    expect(() => parseLanguageLabelled('a\tb\nc\td\n')).toThrow(/locale/);
  });

  it('counts right, unsure and confidently wrong per language, and the confusions', () => {
    const posts = [
      { locale: 'en', text: 'a' },
      { locale: 'en', text: 'b' },
      { locale: 'es', text: 'c' },
      { locale: 'it', text: 'd' },
      { locale: 'nl', text: 'e' },
      { locale: 'nl', text: 'f' },
    ];
    const evaluation = evaluateLanguage(fixed({ a: 'en', b: 'und', c: 'it', d: 'it', f: 'en' }), posts, options);
    expect(evaluation.perLanguage.get('en')).toEqual({ total: 2, right: 1, unsure: 1, wrong: 0 });
    expect(evaluation.perLanguage.get('es')).toEqual({ total: 1, right: 0, unsure: 0, wrong: 1 });
    // A language the city does not name is right when set aside as `und`.
    expect(evaluation.perLanguage.get('nl')).toEqual({ total: 2, right: 1, unsure: 0, wrong: 1 });
    expect(evaluation.all).toEqual({ total: 6, right: 3, unsure: 1, wrong: 2 });
    expect([...evaluation.confusions]).toEqual([
      ['es→it', 1],
      ['nl→en', 1],
    ]);
    const table = formatLanguageEvaluation('dev', evaluation, options);
    expect(table).toMatch(/\| en \| 2 \| 50\.0% \| 50\.0% \| 0\.0% \(0\) \|/);
    expect(table).toMatch(/\| it \(recognised\) \| 1 \| 100\.0%/);
    expect(table).toMatch(/confusions: es→it ×1, nl→en ×1/);
  });

  it('finds dev, check and held-out sets, the held-out ones only when present', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'civicast-langeval-'));
    fs.mkdirSync(path.join(root, 'eval/dev'), { recursive: true });
    for (const f of ['langid-en.tsv', 'langid-check.tsv', 'faq-dev.tsv']) fs.writeFileSync(path.join(root, 'eval/dev', f), '');
    expect(languageEvalSets(root)).toEqual({ dev: [path.join(root, 'eval/dev/langid-en.tsv')], check: [path.join(root, 'eval/dev/langid-check.tsv')], heldout: [] });
    fs.mkdirSync(path.join(root, 'eval/heldout'));
    for (const f of ['langid-x.tsv', 'faq-es.tsv', 'danger-en.tsv']) fs.writeFileSync(path.join(root, 'eval/heldout', f), '');
    expect(languageEvalSets(root).heldout).toEqual([path.join(root, 'eval/heldout/faq-es.tsv'), path.join(root, 'eval/heldout/langid-x.tsv')]);
  });
});
