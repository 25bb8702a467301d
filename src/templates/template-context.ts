import { factsFor, type CityConfig } from '../config/city-schema.js';
import type { Emergency } from '../domain/emergency.js';
import { neutralize } from '../domain/neutralize.js';

export type TemplateValue = string | number | boolean;

/** What every post and answer template can read. */
export interface TemplateContext extends Record<string, unknown> {
  city: Record<string, TemplateValue>;
  emergency: { type: string; title: string; effectiveAt: number; expiresAt?: number; revision: number; params: Record<string, TemplateValue> };
  /** Shortcut for emergency.params. */
  params: Record<string, TemplateValue>;
  now: number;
}

export interface ContextLanguage {
  /**
   * The language the text is in: the city facts that are words come in that language
   * (`city.factsByLanguage`). Without it only the shared figures are there, and a template that
   * names a word fact fails (strict), rather than printing another language's words.
   */
  language?: string;
  /** The emergency's title in that language (the playbook's); default: the stored title. */
  title?: string;
}

/**
 * Builds the context for one emergency. Strings that may have come from a feed (the title,
 * parameters) are neutralised here, once, so no template can put a mention or template syntax
 * from outside into a public post.
 */
export function buildTemplateContext(
  emergency: Pick<Emergency, 'type' | 'title' | 'effectiveAt' | 'params'> & { expiresAt?: number; revision?: number },
  city: CityConfig,
  now: number,
  options: ContextLanguage = {},
): TemplateContext {
  const params: Record<string, TemplateValue> = {};
  for (const [key, value] of Object.entries(emergency.params)) params[key] = typeof value === 'string' ? neutralize(value, 200) : value;
  return {
    city: { name: city.name, shortName: city.shortName ?? city.name, ...factsFor(city, options.language) },
    emergency: {
      type: emergency.type,
      title: neutralize(options.title ?? emergency.title, 200),
      effectiveAt: emergency.effectiveAt,
      ...(emergency.expiresAt === undefined ? {} : { expiresAt: emergency.expiresAt }),
      revision: emergency.revision ?? 0,
      params,
    },
    params,
    now,
  };
}
