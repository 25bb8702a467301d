import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CampaignContent } from '../../src/campaigns/campaign-content.js';
import { ConfigError } from '../../src/config/config-error.js';
import { loadConfig } from '../../src/config/load-config.js';
import type { CivicastConfig } from '../../src/config/schema.js';
import { PublicTexts } from '../../src/languages/public-texts.js';
import { TemplateEngine } from '../../src/templates/engine.js';
import { buildTemplateContext } from '../../src/templates/template-context.js';
import { TemplateSet } from '../../src/templates/template-set.js';

const shipped = loadConfig(path.resolve('config')).config;
/** The shipped city serving only English and Spanish: what these small template trees cover. */
const config: CivicastConfig = { ...shipped, city: { ...shipped.city, languages: { ...shipped.city.languages, served: ['en', 'es'] } } };
const engine = new TemplateEngine({ timeZone: config.city.timeZone });
const NOW = Date.UTC(2026, 0, 19, 23, 0);
const context = (language: string) => buildTemplateContext({ type: 'drill', title: 'Test', effectiveAt: NOW, params: {} }, config.city, NOW, { language });

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** Writes files (relative path → text) into a fresh temporary directory. */
function tree(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'civicast-tpl-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('TemplateSet', () => {
  it('renders the language asked for, with that language’s facts', () => {
    const dir = tree({ 'drill/status.en.hbs': 'Drill in {{city.name}}: {{city.alertsSignup}}.', 'drill/status.es.hbs': 'Simulacro en {{city.name}}: {{city.alertsSignup}}.' });
    const set = TemplateSet.load(dir, new PublicTexts(engine));
    expect(set.has('drill', 'status', 'es')).toBe(true);
    expect(set.render('drill', 'status', 'es', context('es'))).toBe('Simulacro en Filadelfia: envíe READYPHILA por mensaje de texto al 888-777.');
    expect(set.render('drill', 'status', 'en', context('en'))).toBe('Drill in Philadelphia: text READYPHILA to 888-777.');
  });

  it('never falls back to another language: a missing template is missing, and rendering it throws naming the file', () => {
    const dir = tree({ 'drill/status.en.hbs': 'Drill.', 'drill/update.en.hbs': 'Update: {{emergency.title}}.' });
    const set = TemplateSet.load(dir, new PublicTexts(engine));
    expect(set.has('drill', 'update', 'es')).toBe(false);
    expect(() => set.render('drill', 'update', 'es', context('es'))).toThrow(/no es template for drill\/update \(templates[/\\]drill[/\\]update\.es\.hbs\)/);
  });

  it('refuses a word fact in a text with no language, rather than print another language’s words', () => {
    const set = TemplateSet.load(tree({ 'drill/status.en.hbs': 'Alerts: {{city.alertsSignup}}' }), new PublicTexts(engine));
    expect(() => set.render('drill', 'status', 'en', buildTemplateContext({ type: 'drill', title: 'T', effectiveAt: NOW, params: {} }, config.city, NOW))).toThrow(/"alertsSignup" not defined/);
  });

  it('collects every bad file name and syntax error, naming the file', () => {
    const dir = tree({
      'drill/status.en.hbs': 'fine',
      'drill/Status.EN.hbs': 'bad name',
      'drill/notes.txt': 'not a template',
      'drill/broken.en.hbs': '{{#if city}}never closed',
    });
    const error = configError(() => TemplateSet.load(dir, new PublicTexts(engine), 'templates'));
    expect(error.problems).toEqual(
      expect.arrayContaining([
        { file: path.join('templates', 'drill', 'Status.EN.hbs'), path: '', message: 'expected a name like <topic>.<locale>.hbs' },
        { file: path.join('templates', 'drill', 'notes.txt'), path: '', message: 'expected a name like <topic>.<locale>.hbs' },
        expect.objectContaining({ file: path.join('templates', 'drill', 'broken.en.hbs'), message: expect.stringMatching(/Parse error/) as unknown }),
      ]),
    );
    expect(error.problems).toHaveLength(3);
  });

  it('refuses a missing directory', () => {
    expect(configError(() => TemplateSet.load(path.join(os.tmpdir(), 'civicast-no-such-dir-x'), new PublicTexts(engine))).message).toMatch(/template directory not found/);
  });
});

describe('every served language checked at load (civicast validate, start-up)', () => {
  const playbook = (extra = '') => `type: drill
title: { en: Drill, es: Simulacro }
channels: [all]
onDeclare: [status]
onUpdate: [update]
onLift: [all-clear]
${extra}`;
  const load = (configDir: string, templatesDir: string, warnings: string[] = []) => {
    const content = CampaignContent.load({ configDir, templatesDir, texts: new PublicTexts(engine), config });
    return { content, problems: content.problems(warnings) };
  };

  it('names each template a served language is missing: no fallback to English', () => {
    const { problems } = load(tree({ 'playbooks/drill.yaml': playbook() }), tree({ 'drill/status.en.hbs': 'a', 'drill/status.es.hbs': 'b', 'drill/update.en.hbs': 'c', 'drill/all-clear.en.hbs': 'e', 'drill/all-clear.es.hbs': 'f' }));
    expect(problems).toEqual([{ file: path.join('templates', 'drill', 'update.es.hbs'), path: '', message: 'missing: playbook drill posts "update" in es' }]);
  });

  it('names a missing title per language, and loads clean when every language has everything', () => {
    const templates = tree({ 'drill/status.en.hbs': 'a', 'drill/status.es.hbs': 'b', 'drill/update.en.hbs': 'c', 'drill/update.es.hbs': 'd', 'drill/all-clear.en.hbs': 'e', 'drill/all-clear.es.hbs': 'f' });
    expect(load(tree({ 'playbooks/drill.yaml': playbook() }), templates).problems).toEqual([]);
    const noTitle = load(tree({ 'playbooks/drill.yaml': playbook().replace('title: { en: Drill, es: Simulacro }', 'title: { en: Drill }') }), templates).problems;
    expect(noTitle).toEqual([{ file: path.join('config', 'playbooks', 'drill.yaml'), path: 'title.es', message: 'missing: the drill posts in es need its title' }]);
  });

  it('leaves a language out only when the playbook says so, and says it in a warning', () => {
    const warnings: string[] = [];
    const { content, problems } = load(tree({ 'playbooks/drill.yaml': playbook('locales: [en]\n') }), tree({ 'drill/status.en.hbs': 'a', 'drill/update.en.hbs': 'c', 'drill/all-clear.en.hbs': 'e' }), warnings);
    expect(problems).toEqual([]);
    expect(content.languages(content.playbooks.get('drill')!)).toEqual(['en']);
    expect(warnings).toEqual([`${path.join('config', 'playbooks', 'drill.yaml')}: the drill playbook does not post in es (its locales list leaves them out)`]);
    expect(load(tree({ 'playbooks/drill.yaml': playbook('locales: [en, ko]\n') }), tree({ 'drill/status.en.hbs': 'a', 'drill/update.en.hbs': 'c', 'drill/all-clear.en.hbs': 'e' })).problems).toEqual([
      { file: path.join('config', 'playbooks', 'drill.yaml'), path: 'locales[1]', message: '"ko" is not a served language (city.languages.served)' },
    ]);
  });

  it('fails when a template names a missing variable or does not fit a platform, in any language', () => {
    const { problems } = load(
      tree({ 'playbooks/drill.yaml': playbook() }),
      tree({
        'drill/status.en.hbs': 'Drill in {{city.name}}.',
        'drill/status.es.hbs': 'Simulacro en {{city.nmae}}.',
        'drill/update.en.hbs': 'c',
        'drill/update.es.hbs': 'Una frase bastante larga para que importe aquí. '.repeat(60),
        'drill/all-clear.en.hbs': 'All clear in {{plural params.missingDays "day" "days"}}.',
        'drill/all-clear.es.hbs': 'f',
      }),
    );
    const byFile = (name: string) => problems.filter((p) => p.file.endsWith(name)).map((p) => p.message);
    expect(byFile('status.es.hbs')).toEqual([expect.stringMatching(/"nmae" not defined/)]);
    expect(byFile('update.es.hbs')).toEqual([expect.stringMatching(/^does not fit (x|bluesky): /)]);
    expect(byFile('all-clear.en.hbs')).toEqual([expect.stringMatching(/plural/)]);
  });
});
