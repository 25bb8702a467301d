import fs from 'node:fs';
import path from 'node:path';
import { ConfigError, type ConfigProblem } from '../config/config-error.js';
import type { CompiledTemplate, TemplateEngine } from './engine.js';
import type { TemplateContext } from './template-context.js';

const FILE = /^([a-z0-9][a-z0-9-]*)\.([a-z]{2,3}(?:-[A-Za-z0-9]+)?)\.hbs$/;

/**
 * Campaign templates, `templates/<type>/<topic>.<locale>.hbs`, compiled at start-up. A locale
 * without a template falls back to the default locale (recorded as a warning for `validate`).
 */
export class TemplateSet {
  private readonly templates = new Map<string, { compiled: CompiledTemplate; file: string }>();

  constructor(private readonly defaultLocale: string) {}

  static load(dir: string, engine: TemplateEngine, defaultLocale: string, displayDir = path.relative(process.cwd(), dir) || dir): TemplateSet {
    const set = new TemplateSet(defaultLocale);
    const problems: ConfigProblem[] = [];
    if (!fs.existsSync(dir)) throw new ConfigError([{ file: displayDir, path: '', message: 'template directory not found' }]);
    for (const type of fs.readdirSync(dir).sort()) {
      const typeDir = path.join(dir, type);
      if (!fs.statSync(typeDir).isDirectory()) continue;
      for (const file of fs.readdirSync(typeDir).sort()) {
        const display = path.join(displayDir, type, file);
        const match = FILE.exec(file);
        if (match === null) {
          problems.push({ file: display, path: '', message: 'expected a name like <topic>.<locale>.hbs' });
          continue;
        }
        try {
          const compiled = engine.compile(fs.readFileSync(path.join(typeDir, file), 'utf8'), display);
          set.templates.set(`${type}/${match[1]}.${match[2]}`, { compiled, file: display });
        } catch (error) {
          problems.push({ file: display, path: '', message: (error as Error).message.replace(`${display}: `, '') });
        }
      }
    }
    if (problems.length > 0) throw new ConfigError(problems);
    return set;
  }

  has(type: string, topic: string, locale: string): boolean {
    return this.templates.has(`${type}/${topic}.${locale}`);
  }

  /** The file that would render, after fallback; undefined if not even the default locale has one. */
  resolve(type: string, topic: string, locale: string): { compiled: CompiledTemplate; file: string; locale: string } | undefined {
    const own = this.templates.get(`${type}/${topic}.${locale}`);
    if (own !== undefined) return { ...own, locale };
    const fallback = this.templates.get(`${type}/${topic}.${this.defaultLocale}`);
    return fallback === undefined ? undefined : { ...fallback, locale: this.defaultLocale };
  }

  render(type: string, topic: string, locale: string, context: TemplateContext): { text: string; locale: string } {
    const template = this.resolve(type, topic, locale);
    if (template === undefined) throw new Error(`no template for ${type}/${topic} (${locale} or ${this.defaultLocale})`);
    return { text: template.compiled(context, template.locale), locale: template.locale };
  }
}
