import path from 'node:path';
import type { ConfigProblem } from '../config/config-error.js';
import type { CityConfig } from '../config/city-schema.js';
import { buildTemplateContext } from '../templates/template-context.js';
import { intlKnows } from '../templates/local-dates.js';
import type { LanguagePack } from './language-packs.js';
import type { PublicTexts } from './public-texts.js';

/** Word facts a language may add without the source language having them: its own name for the city. */
export const OPTIONAL_FACTS: readonly string[] = ['name', 'shortName'];

export interface LanguageCheckInput {
  city: CityConfig;
  texts: PublicTexts;
  packs: ReadonlyMap<string, LanguagePack>;
  localesDir: string;
}

/** The word facts every served language needs: the source language's. */
export function wordFactNames(city: CityConfig): string[] {
  return Object.keys(city.factsByLanguage[city.defaultLocale] ?? {}).filter((name) => !OPTIONAL_FACTS.includes(name));
}

/** The labels every served language needs: the source language's. */
export function labelKeys(texts: PublicTexts, source: string): string[] {
  return texts.keys('label').filter((key) => texts.has(source, key));
}

/**
 * What each language needs besides its campaign templates: every label the source language has,
 * every word fact, day and month names where `Intl` has none, and (for an unserved language the
 * city answers with a pointer) both interpreter replies. Each gap names the file and field to fill.
 */
export function languageProblems(input: LanguageCheckInput): ConfigProblem[] {
  const { city, texts, packs } = input;
  const source = city.defaultLocale;
  const problems: ConfigProblem[] = [];
  const localeFile = (language: string) => packs.get(language)?.file ?? path.join(input.localesDir, `${language}.yaml`);
  const cityFile = path.join('config', 'city.yaml');
  const labels = labelKeys(texts, source);
  const facts = wordFactNames(city);
  for (const language of city.languages.served) {
    if (!packs.has(language)) continue; // the reader already said the file is missing
    for (const key of labels) {
      if (!texts.has(language, key)) problems.push({ file: localeFile(language), path: `labels.${key.slice('label:'.length)}`, message: `missing: ${localeFile(source)} has this label` });
    }
    for (const key of texts.keys('label')) {
      if (texts.has(language, key) && !labels.includes(key)) problems.push({ file: localeFile(language), path: `labels.${key.slice('label:'.length)}`, message: `unknown label: ${localeFile(source)} has none by this name` });
    }
    const own = city.factsByLanguage[language] ?? {};
    for (const name of facts) {
      if (own[name] === undefined) problems.push({ file: cityFile, path: `city.factsByLanguage.${language}.${name}`, message: `missing: every served language needs the ${source} fact "${name}" in its own words` });
    }
    for (const name of Object.keys(own)) {
      if (!facts.includes(name) && !OPTIONAL_FACTS.includes(name)) problems.push({ file: cityFile, path: `city.factsByLanguage.${language}.${name}`, message: `unknown: the ${source} facts have no "${name}"` });
    }
    if (!intlKnows(language) && packs.get(language)?.calendar === undefined) {
      problems.push({ file: localeFile(language), path: 'language.calendar', message: `the date library has no ${language} day and month names: give them here, or dates would be printed in English` });
    }
  }
  for (const language of [...new Set([source, ...city.languages.interpreterReplies])]) {
    if (language !== source && !packs.has(language)) continue;
    if (language === source && city.languages.interpreterReplies.length === 0) continue;
    for (const variant of ['general', 'danger']) {
      if (!texts.has(language, `interpreter:${variant}`)) problems.push({ file: localeFile(language), path: `interpreter.${variant}`, message: language === source ? 'missing: the source text of the interpreter replies' : `missing: city.languages.interpreterReplies lists ${language}` });
    }
  }
  problems.push(...renderProblems(input));
  return problems;
}

/** Every label and interpreter reply renders with the values the pages and replies give it. */
function renderProblems({ city, texts }: LanguageCheckInput): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const now = Date.UTC(2026, 0, 19, 23, 0);
  for (const entry of texts.entries()) {
    const kind = entry.key.slice(0, entry.key.indexOf(':'));
    if (kind !== 'label' && kind !== 'interpreter') continue;
    const context = kind === 'label' ? { city: city.name, title: 'Title', language: 'Language' } : buildTemplateContext({ type: 'none', title: '', effectiveAt: now, params: {} }, city, now);
    try {
      texts.renderOnce(entry.language, entry.key, context);
    } catch (error) {
      problems.push({ file: entry.file, path: entry.path ?? '', message: (error as Error).message.replace(/^.*?: /, '') });
    }
  }
  return problems;
}
