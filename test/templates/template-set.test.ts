import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CampaignContent } from '../../src/campaigns/campaign-content.js';
import { ConfigError } from '../../src/config/config-error.js';
import { loadConfig } from '../../src/config/load-config.js';
import { TemplateEngine } from '../../src/templates/engine.js';
import { buildTemplateContext } from '../../src/templates/template-context.js';
import { TemplateSet } from '../../src/templates/template-set.js';

const config = loadConfig(path.resolve('config')).config;
const engine = new TemplateEngine({ timeZone: config.city.timeZone });
const NOW = Date.UTC(2026, 0, 19, 23, 0);
const context = buildTemplateContext({ type: 'drill', title: 'Test', effectiveAt: NOW, params: {} }, config.city, NOW);

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
  it('renders the locale asked for when it has a template', () => {
    const dir = tree({ 'drill/status.en.hbs': 'Drill in {{city.name}}.', 'drill/status.es.hbs': 'Simulacro en {{city.name}}.' });
    const set = TemplateSet.load(dir, engine, 'en');
    expect(set.has('drill', 'status', 'es')).toBe(true);
    expect(set.render('drill', 'status', 'es', context)).toEqual({ text: 'Simulacro en Philadelphia.', locale: 'es' });
    expect(set.render('drill', 'status', 'en', context)).toEqual({ text: 'Drill in Philadelphia.', locale: 'en' });
  });

  it('falls back to the default locale when a locale has no template, and says so', () => {
    const dir = tree({ 'drill/status.en.hbs': 'Drill in {{city.name}}.', 'drill/status.es.hbs': 'Simulacro.', 'drill/update.en.hbs': 'Update: {{emergency.title}}.' });
    const set = TemplateSet.load(dir, engine, 'en');
    expect(set.has('drill', 'update', 'es')).toBe(false);
    expect(set.resolve('drill', 'update', 'es')).toMatchObject({ locale: 'en', file: expect.stringMatching(/drill[/\\]update\.en\.hbs$/) as unknown });
    expect(set.render('drill', 'update', 'es', context)).toEqual({ text: 'Update: Test.', locale: 'en' });
    // The fallback renders in the fallback's locale (dates in English next to English text).
    const dated = TemplateSet.load(tree({ 'drill/when.en.hbs': '{{date emergency.effectiveAt}}' }), engine, 'en');
    expect(dated.render('drill', 'when', 'es', context).text).toBe('Monday, January 19');
  });

  it('returns undefined / throws when not even the default locale has the template', () => {
    const set = TemplateSet.load(tree({ 'drill/status.es.hbs': 'Simulacro.' }), engine, 'en');
    expect(set.resolve('drill', 'status', 'fr')).toBeUndefined();
    expect(() => set.render('drill', 'status', 'fr', context)).toThrow(/no template for drill\/status \(fr or en\)/);
  });

  it('collects every bad file name and syntax error, naming the file', () => {
    const dir = tree({
      'drill/status.en.hbs': 'fine',
      'drill/Status.EN.hbs': 'bad name',
      'drill/notes.txt': 'not a template',
      'drill/broken.en.hbs': '{{#if city}}never closed',
    });
    const error = configError(() => TemplateSet.load(dir, engine, 'en', 'templates'));
    expect(error.problems).toEqual(
      expect.arrayContaining([
        { file: path.join('templates', 'drill', 'Status.EN.hbs'), path: '', message: 'expected a name like <topic>.<locale>.hbs' },
        { file: path.join('templates', 'drill', 'notes.txt'), path: '', message: 'expected a name like <topic>.<locale>.hbs' },
        expect.objectContaining({ file: path.join('templates', 'drill', 'broken.en.hbs') }),
      ]),
    );
    expect(error.problems).toHaveLength(3);
  });

  it('refuses a missing directory', () => {
    expect(configError(() => TemplateSet.load(path.join(os.tmpdir(), 'civicast-no-such-dir-x'), engine, 'en')).message).toMatch(/template directory not found/);
  });
});

describe('locale fallback warnings at load (civicast validate)', () => {
  const playbook = (locales: string) => `type: drill
title: { en: Drill, es: Simulacro }
channels: [all]
locales: ${locales}
onDeclare: [status]
onUpdate: [update]
onLift: [all-clear]
`;

  it('warns for each locale that falls back to English, and loads', () => {
    const configDir = tree({ 'playbooks/drill.yaml': playbook('[en, es]') });
    const templatesDir = tree({
      'drill/status.en.hbs': 'Drill in {{city.name}}.',
      'drill/status.es.hbs': 'Simulacro en {{city.name}}.',
      'drill/update.en.hbs': 'Update.',
      'drill/all-clear.en.hbs': 'All clear.',
      'drill/all-clear.es.hbs': 'Fin.',
    });
    const warnings: string[] = [];
    const content = CampaignContent.load({ configDir, templatesDir, engine, config, warnings });
    expect(content.types()).toEqual(['drill']);
    expect(warnings).toEqual(['templates/drill/update.es.hbs is missing: es falls back to en']);
  });

  it('gives no warning when every locale has its templates', () => {
    const configDir = tree({ 'playbooks/drill.yaml': playbook('[en, es]') });
    const templatesDir = tree({
      'drill/status.en.hbs': 'a',
      'drill/status.es.hbs': 'b',
      'drill/update.en.hbs': 'c',
      'drill/update.es.hbs': 'd',
      'drill/all-clear.en.hbs': 'e',
      'drill/all-clear.es.hbs': 'f',
    });
    const warnings: string[] = [];
    CampaignContent.load({ configDir, templatesDir, engine, config, warnings });
    expect(warnings).toEqual([]);
  });

  it('fails when the default locale is missing a topic the playbook posts', () => {
    const configDir = tree({ 'playbooks/drill.yaml': playbook('[en]') });
    const templatesDir = tree({ 'drill/status.en.hbs': 'a', 'drill/update.en.hbs': 'b' });
    const error = configError(() => CampaignContent.load({ configDir, templatesDir, engine, config }));
    expect(error.problems).toEqual([{ file: 'templates/drill/all-clear.en.hbs', path: '', message: 'missing: playbook drill posts "all-clear"' }]);
  });

  it('fails when a template names a missing variable or does not fit a platform', () => {
    const configDir = tree({ 'playbooks/drill.yaml': playbook('[en]') });
    const templatesDir = tree({
      'drill/status.en.hbs': 'Drill in {{city.nmae}}.',
      'drill/update.en.hbs': 'A sentence that is long enough to matter here. '.repeat(60),
      'drill/all-clear.en.hbs': 'All clear in {{plural params.missingDays "day" "days"}}.',
    });
    const error = configError(() => CampaignContent.load({ configDir, templatesDir, engine, config }));
    const byFile = (name: string) => error.problems.filter((p) => p.file.endsWith(name)).map((p) => p.message);
    expect(byFile('status.en.hbs')).toEqual([expect.stringMatching(/"nmae" not defined/)]);
    expect(byFile('update.en.hbs')).toEqual(expect.arrayContaining([expect.stringMatching(/^does not fit x: /), expect.stringMatching(/^does not fit bluesky: /)]));
    expect(byFile('all-clear.en.hbs')).toEqual([expect.stringMatching(/plural/)]);
  });
});
