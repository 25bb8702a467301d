import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/config-error.js';
import { loadKnowledgeBase } from '../../src/faq/knowledge-base.js';
import { loadPublicStatements } from '../../src/statements/public-statements.js';
import { TemplateEngine } from '../../src/templates/engine.js';
import { loadConfig } from '../../src/config/load-config.js';

const engine = new TemplateEngine({ timeZone: 'America/New_York' });
const city = loadConfig(path.resolve('config')).config.city;

/** A copy of a shipped content folder with files added under language folders. */
function copyWith(source: string, files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'civicast-lang-'));
  fs.cpSync(path.resolve(source), dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

function problems(load: () => unknown): string[] {
  try {
    load();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems.map((p) => `${p.file.split(path.sep).slice(-2).join('/')}|${p.path}|${p.message}`);
  }
  throw new Error('expected the content to be rejected');
}

describe('a language is a folder of files', () => {
  it('adds a language to a topic from faq/<lang>/, as a draft until reviewed', () => {
    const dir = copyWith('faq', {
      'xx/parking-towed.yaml': 'id: parking.towed\nexamples: [ou est ma voiture remorquee, ils ont pris mon auto]\nkeywords: [remorquee]\nanswers:\n  default: "Appelez le {{city.phone311}} avec votre plaque pour retrouver votre voiture."\n  snow: "Pendant l\'urgence neige, appelez le {{city.snowLine}} avec votre plaque."\nacknowledge: Désolé pour le souci.\n',
    });
    const kb = loadKnowledgeBase(dir, engine);
    const towed = kb.topics.find((t) => t.id === 'parking.towed');
    expect(towed?.answers.get('default')?.has('xx')).toBe(true);
    expect(towed?.answers.get('snow')?.has('xx')).toBe(true);
    expect(towed?.phrasesByLocale?.['xx']).toEqual(['ou est ma voiture remorquee', 'ils ont pris mon auto', 'remorquee']);
    expect(towed?.examples).toContain('ils ont pris mon auto');
    expect(towed?.acknowledge.get('xx')).toBe('Désolé pour le souci.');
    expect(towed?.drafts.has('xx')).toBe(true);
    // English and Spanish stay where they were.
    expect(towed?.answers.get('default')?.has('en')).toBe(true);
  });

  it('names the file, path and field of a translation that has nothing to translate', () => {
    const dir = copyWith('faq', {
      'xx/nope.yaml': 'id: no.such_topic\nanswers:\n  default: "Un texte assez long pour passer."\n',
      'xx/towed.yaml': 'id: parking.towed\nanswers:\n  flood: "Un texte assez long pour passer."\n',
      'es/towed.yaml': 'id: parking.towed\nanswers:\n  default: "Un texto lo bastante largo."\n',
      'xx/bad.yaml': 'id: parking.towed\nreview: maybe\n',
    });
    const found = problems(() => loadKnowledgeBase(dir, engine));
    expect(found).toEqual(
      expect.arrayContaining([
        'xx/nope.yaml|id|no topic "no.such_topic" in the knowledge base',
        expect.stringMatching(/^xx\/towed\.yaml\|answers\.flood\|.* has no "flood" answer to translate$/),
        expect.stringMatching(/^es\/towed\.yaml\|id\|.* already has es texts for this topic; keep one place per language$/),
        expect.stringMatching(/^xx\/bad\.yaml\|review\|/),
      ]),
    );
  });

  it('adds a language to the public statements from statements/<lang>/', () => {
    const dir = copyWith('statements', {
      'xx/snow.yaml': 'type: snow\nstatements:\n  active:\n    street_cleaning.schedule: "Le nettoyage des rues est suspendu pendant l\'urgence."\n',
    });
    const statements = loadPublicStatements({ dir, engine, city, types: ['snow', 'hurricane', 'flood', 'heat', 'cold'] });
    const snow = { type: 'snow', params: { trashDelayDays: 1 }, effectiveAt: Date.now(), title: 'Snow' };
    expect(statements.render('snow', 'active', 'xx', snow).find((s) => s.topic === 'street_cleaning.schedule')?.text).toBe("Le nettoyage des rues est suspendu pendant l'urgence.");
    const wrong = copyWith('statements', { 'xx/snow.yaml': 'type: snow\nstatements:\n  active:\n    no.such: "Un texte assez long pour passer."\n' });
    expect(problems(() => loadPublicStatements({ dir: wrong, engine, city, types: ['snow', 'hurricane', 'flood', 'heat', 'cold'] }))).toEqual([expect.stringMatching(/^xx\/snow\.yaml\|statements\.active\.no\.such\|.* has no such statement to translate$/)]);
  });
});
