import path from 'node:path';
import { z } from 'zod';
import { ConfigError, type ConfigProblem } from '../config/config-error.js';
import { readLanguageFolders } from '../config/read-language-folders.js';
import { readYamlFiles, type YamlFile } from '../config/read-yaml-files.js';
import type { CityConfig } from '../config/schema.js';
import type { ReplyEmergency } from '../replies/decider.js';
import type { CompiledTemplate, TemplateEngine } from '../templates/engine.js';
import { buildTemplateContext } from '../templates/template-context.js';

/** When a statement applies: no emergency, an emergency in effect, or one just lifted or expired. */
export type StatementPhase = 'normal' | 'active' | 'ended';

/** One public statement: what a topic means now, as the status page and the CAP feed say it. */
export interface PublicStatement {
  /** The FAQ topic it speaks for (`emergency.status` first: the CAP description). */
  topic: string;
  text: string;
}

/**
 * What the public pages say, apart from replies: statements per emergency type, phase and locale.
 * The CAP `<description>` is the first statement (`emergency.status`), `<instruction>` the rest.
 */
export interface PublicStatements {
  /** The statements for `type` (null: normal times) in `locale`, falling back to the default locale; [] when there are none. */
  render(type: string | null, phase: StatementPhase, locale: string, emergency: ReplyEmergency | null): PublicStatement[];
  /**
   * `render`, keeping no compiled template: start-up checks render every statement of every type
   * in every language, and kept, those templates stayed compiled for the life of the process
   * (~2.3 MiB) while the pages only ever need a few.
   */
  renderOnce(type: string | null, phase: StatementPhase, locale: string, emergency: ReplyEmergency | null): PublicStatement[];
}

/** The file for normal times; the others are named after their emergency type. */
const NORMAL_FILE = '_normal';

const byLocale = z.record(z.string().regex(/^[a-z]{2,3}$/, 'a locale code'), z.string().min(10).max(600));
const fileSchema = z.strictObject({
  type: z.string().regex(/^[a-z_]+$/, 'an emergency type such as snow, or normal'),
  /** phase → topic → locale → template, in the order they are said. */
  statements: z.partialRecord(z.enum(['normal', 'active', 'ended']), z.record(z.string().regex(/^[a-z_]+(\.[a-z_]+)*$/, 'a topic id'), byLocale)),
});

/** A statement's text in one language, compiled on first use (checked when loaded). */
interface StatementText {
  source: string;
  name: string;
  template?: CompiledTemplate;
}
type Compiled = Map<string, Map<string, StatementText>>;

/** One language's statements for one file, in `statements/<language>/<file>.yaml` (a language is a folder). */
const languageFileSchema = z.strictObject({
  type: z.string().regex(/^[a-z_]+$/, 'an emergency type such as snow, or normal'),
  review: z.enum(['draft', 'reviewed']).default('draft'),
  statements: z.partialRecord(z.enum(['normal', 'active', 'ended']), z.record(z.string().regex(/^[a-z_]+(\.[a-z_]+)*$/, 'a topic id'), z.string().min(10).max(600))),
});

/** Puts each language folder's statements into the file of the same name, as if written there. */
function mergeLanguageFolders(dir: string, files: YamlFile<z.infer<typeof fileSchema>>[], problems: ConfigProblem[]): void {
  const byName = new Map(files.map((f) => [f.name, f]));
  for (const { language, name, file, data } of readLanguageFolders(dir, languageFileSchema, problems)) {
    const base = byName.get(name);
    if (base === undefined) {
      problems.push({ file, path: '', message: `no ${name} in ${path.relative(process.cwd(), dir) || dir} to translate` });
      continue;
    }
    for (const [phase, topics] of Object.entries(data.statements) as [StatementPhase, Record<string, string>][]) {
      for (const [topic, text] of Object.entries(topics)) {
        const locales = base.data.statements[phase]?.[topic];
        if (locales === undefined) problems.push({ file, path: `statements.${phase}.${topic}`, message: `${base.file} has no such statement to translate` });
        else if (locales[language] !== undefined) problems.push({ file, path: `statements.${phase}.${topic}`, message: `${base.file} already has its ${language} text; keep one place per language` });
        else locales[language] = text;
      }
    }
  }
}

export interface StatementsInput {
  dir: string;
  engine: TemplateEngine;
  city: CityConfig;
  /** Emergency types with a playbook: each needs its statements while active and once ended. */
  types: readonly string[];
  /** An emergency type's title in a language (the playbook's), so a statement names it in its own words. */
  titleFor?: (type: string, language: string) => string | undefined;
  now?: () => number;
}

/** Loads `statements/*.yaml`; every problem names the file, the path and the field. */
export function loadPublicStatements(input: StatementsInput): PublicStatements {
  const display = path.relative(process.cwd(), input.dir) || input.dir;
  const problems: ConfigProblem[] = [];
  const byType = new Map<string, Map<StatementPhase, Compiled>>();
  const files = readYamlFiles(input.dir, fileSchema, problems, 'statements directory not found');
  mergeLanguageFolders(input.dir, files, problems);
  for (const { name, file, data } of files) {
    const phases = new Map<StatementPhase, Compiled>();
    for (const [phase, topics] of Object.entries(data.statements) as [StatementPhase, Record<string, Record<string, string>>][]) {
      const compiled: Compiled = new Map();
      for (const [topic, locales] of Object.entries(topics)) {
        const perLocale = new Map<string, StatementText>();
        for (const [locale, source] of Object.entries(locales)) {
          const name = `${file}: statements.${phase}.${topic}.${locale}`;
          try {
            input.engine.compile(source, name);
            perLocale.set(locale, { source, name });
          } catch (error) {
            problems.push({ file, path: `statements.${phase}.${topic}.${locale}`, message: (error as Error).message.split(': ').slice(-1)[0] ?? 'invalid template' });
          }
        }
        compiled.set(topic, perLocale);
      }
      phases.set(phase, compiled);
    }
    byType.set(name.replace(/\.ya?ml$/, '') === NORMAL_FILE ? NORMAL_FILE : data.type, phases);
  }
  const required: [string, StatementPhase][] = [[NORMAL_FILE, 'normal'], ...input.types.flatMap((type) => [[type, 'active'], [type, 'ended']] as [string, StatementPhase][])];
  const defaultLocale = input.city.defaultLocale;
  for (const [type, phase] of required) {
    const statements = byType.get(type)?.get(phase);
    if (statements === undefined || statements.size === 0) problems.push({ file: path.join(display, `${type}.yaml`), path: `statements.${phase}`, message: `${type === NORMAL_FILE ? 'normal times need' : `the ${type} emergency needs`} statements for phase "${phase}"` });
    else for (const [topic, locales] of statements) if (!locales.has(defaultLocale)) problems.push({ file: path.join(display, `${type}.yaml`), path: `statements.${phase}.${topic}.${defaultLocale}`, message: `every statement needs a ${defaultLocale} text` });
  }
  if (problems.length > 0) throw new ConfigError(problems);
  const now = input.now ?? Date.now;
  const kept = (text: StatementText): CompiledTemplate => (text.template ??= input.engine.compile(text.source, text.name));
  const fresh = (text: StatementText): CompiledTemplate => text.template ?? input.engine.compile(text.source, text.name);
  const renderWith = (compiled: (text: StatementText) => CompiledTemplate, type: string | null, phase: StatementPhase, locale: string, emergency: ReplyEmergency | null): PublicStatement[] => {
    const statements = byType.get(type ?? NORMAL_FILE)?.get(phase);
    if (statements === undefined) return [];
    // The facts that are words, and the emergency's title, in the language of the text used.
    const contextIn = (language: string) => {
      const title = emergency === null ? undefined : input.titleFor?.(emergency.type, language);
      return buildTemplateContext(emergency ?? { type: 'none', title: '', effectiveAt: now(), params: {} }, input.city, now(), { language, ...(title === undefined ? {} : { title }) });
    };
    const out: PublicStatement[] = [];
    for (const [topic, locales] of statements) {
      const own = locales.get(locale);
      const used = own === undefined ? defaultLocale : locale;
      const text = own ?? locales.get(defaultLocale);
      if (text !== undefined) out.push({ topic, text: compiled(text)(contextIn(used), used) });
    }
    return out;
  };
  return {
    render: (type, phase, locale, emergency) => renderWith(kept, type, phase, locale, emergency),
    renderOnce: (type, phase, locale, emergency) => renderWith(fresh, type, phase, locale, emergency),
  };
}
