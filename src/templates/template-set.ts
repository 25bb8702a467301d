import fs from 'node:fs';
import path from 'node:path';
import { ConfigError, type ConfigProblem } from '../config/config-error.js';
import type { PublicTexts } from '../languages/public-texts.js';
import type { TemplateContext } from './template-context.js';

const FILE = /^([a-z0-9][a-z0-9-]*)\.([a-z]{2,3}(?:-[A-Za-z0-9]+)?)\.hbs$/;

/** The key of a campaign post's text: `template:snow/move-car`. */
export function templateKey(type: string, topic: string): string {
  return `template:${type}/${topic}`;
}

/**
 * Campaign templates, `templates/<type>/<topic>.<language>.hbs`, compiled at start-up. There is
 * no fallback: a language without a topic's template has no post for it (validation refuses a
 * served language that misses one), so no post is ever silently in another language.
 */
export class TemplateSet {
  constructor(private readonly texts: PublicTexts) {}

  static load(dir: string, texts: PublicTexts, displayDir = path.relative(process.cwd(), dir) || dir): TemplateSet {
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
        const [, topic = '', language = ''] = match;
        const text = fs.readFileSync(path.join(typeDir, file), 'utf8');
        try {
          texts.compile(language, templateKey(type, topic), text);
          texts.add({ key: templateKey(type, topic), language, text, file: display });
        } catch (error) {
          problems.push({ file: display, path: '', message: (error as Error).message.replace(`${templateKey(type, topic)} (${language}): `, '') });
        }
      }
    }
    if (problems.length > 0) throw new ConfigError(problems);
    return new TemplateSet(texts);
  }

  has(type: string, topic: string, language: string): boolean {
    return this.texts.has(language, templateKey(type, topic));
  }

  /** Where the template of a language is (or would be). */
  file(type: string, topic: string, language: string): string {
    return this.texts.shippedText(language, templateKey(type, topic))?.file ?? path.join('templates', type, `${topic}.${language}.hbs`);
  }

  /** Renders in exactly `language`; throws when it has no such template. */
  render(type: string, topic: string, language: string, context: TemplateContext): string {
    return this.texts.render(language, this.keyOf(type, topic, language), context);
  }

  /** Renders as `render` does, keeping nothing compiled (checks that read every template once). */
  renderOnce(type: string, topic: string, language: string, context: TemplateContext): string {
    return this.texts.renderOnce(language, this.keyOf(type, topic, language), context);
  }

  /** The template's text key; throws, naming the file, when the language has no such template. */
  private keyOf(type: string, topic: string, language: string): string {
    if (!this.has(type, topic, language)) throw new Error(`no ${language} template for ${type}/${topic} (${this.file(type, topic, language)})`);
    return templateKey(type, topic);
  }
}
