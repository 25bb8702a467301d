import path from 'node:path';
import { loadConfig } from '../../src/config/load-config.js';
import type { CivicastConfig } from '../../src/config/schema.js';
import { loadLanguageContent, type LanguageContent, type LanguageContentInput } from '../../src/languages/load-language-content.js';

/** Templates, labels, facts and ledgers exactly as shipped (or with some folders replaced), without a service. */
export function shippedLanguageContent(overrides: Partial<LanguageContentInput> & { config?: CivicastConfig } = {}): LanguageContent {
  const configDir = overrides.configDir ?? path.resolve('config');
  return loadLanguageContent({
    configDir,
    config: overrides.config ?? loadConfig(configDir).config,
    templatesDir: path.resolve('templates'),
    localesDir: path.resolve('locales'),
    translationsDir: path.resolve('translations'),
    ...overrides,
  });
}
