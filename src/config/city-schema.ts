import { z } from 'zod';
import { DEFAULT_RECOGNISED_LANGUAGES, DEFAULT_SERVED_LANGUAGES, RECOGNISABLE_LANGUAGES } from '../faq/language/language-codes.js';

/** A locale code, as channels, schedules and playbooks write it. */
export const locale = z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]+)?$/, 'a locale code such as en or es');
export const timeZone = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, 'an IANA time zone such as America/New_York');

export const languageCode = z.string().refine((code) => RECOGNISABLE_LANGUAGES.includes(code), {
  error: (issue) => `unknown language "${String(issue.input)}": the recogniser knows ${RECOGNISABLE_LANGUAGES.join(', ')}`,
});

/** Languages residents are answered in, and languages only recognised (their posts go to staff, tagged). */
const languagesSchema = z
  .strictObject({
    served: z.array(languageCode).min(1).default([...DEFAULT_SERVED_LANGUAGES]),
    recognised: z.array(languageCode).default([...DEFAULT_RECOGNISED_LANGUAGES]),
    /**
     * Recognised languages whose residents get a short reply in their language pointing to 311
     * with an interpreter (to 911 for danger), on top of the hand-off to staff. The city lists
     * the languages whose reply it has approved; the texts are in `locales/<lang>.yaml`.
     */
    interpreterReplies: z.array(languageCode).default([]),
  })
  .superRefine((languages, ctx) => {
    languages.recognised.forEach((code, i) => {
      if (languages.served.includes(code)) ctx.addIssue({ code: 'custom', path: ['recognised', i], message: `"${code}" is already served; list it once` });
    });
    languages.interpreterReplies.forEach((code, i) => {
      if (!languages.recognised.includes(code)) ctx.addIssue({ code: 'custom', path: ['interpreterReplies', i], message: `"${code}" is not a recognised (unserved) language; served languages get answers, not a pointer to an interpreter` });
    });
  });

const factValue = z.union([z.string(), z.number(), z.boolean()]);
const factName = z.string().regex(/^[a-zA-Z][a-zA-Z0-9]*$/, 'a fact name such as phone311');
/** `{{phone311Outside}}` inside a word fact: a shared figure, so a number lives in one place. */
const FACT_REFERENCE = /\{\{\s*([a-zA-Z][a-zA-Z0-9]*)\s*\}\}/g;

export const citySchema = z
  .strictObject({
    name: z.string().min(1),
    shortName: z.string().min(1).optional(),
    timeZone,
    /**
     * Deprecated: the served languages are `languages.served`. Accepted in YAML (with a warning)
     * only while `languages.served` is not set; after loading it always equals the served list.
     */
    locales: z.array(locale).min(1).optional(),
    /** The source language: every other language's text is a translation of this one's. */
    defaultLocale: locale,
    languages: languagesSchema.prefault({}),
    /** Figures shared by every language: numbers, phone numbers, fees, URLs, names, hashtags. */
    facts: z.record(factName, factValue).default({}),
    /**
     * City facts that are words, per served language ("text READYPHILA to 888-777" is an
     * instruction). Values may name shared facts: `"{{phone311Outside}} desde fuera de la ciudad"`.
     * A block for a language not served (now) is kept and unused.
     */
    factsByLanguage: z.record(z.string(), z.record(factName, z.string().min(1).max(300))).default({}),
    /**
     * Texts residents read on street signs, quoted as written in every language ("Snow
     * Emergency Route"): the check for untranslated English in public posts allows them.
     */
    signTexts: z.array(z.string().min(2).max(100)).default([]),
    translations: z
      .strictObject({
        /**
         * Whether translations no person has reviewed yet (drafts, or stale after their English
         * changed) may go out in posts, pages and replies. When false, such a text's language is
         * left out of that post (logged and audited); nothing falls back to another language.
         */
        sendUnreviewed: z.boolean().default(true),
      })
      .prefault({}),
  })
  .superRefine((city, ctx) => {
    if (!city.languages.served.includes(city.defaultLocale)) {
      ctx.addIssue({ code: 'custom', path: ['defaultLocale'], message: `"${city.defaultLocale}" is not one of city.languages.served (${city.languages.served.join(', ')})` });
    }
    for (const [language, facts] of Object.entries(city.factsByLanguage)) {
      if (!RECOGNISABLE_LANGUAGES.includes(language)) ctx.addIssue({ code: 'custom', path: ['factsByLanguage', language], message: `unknown language "${language}": the recogniser knows ${RECOGNISABLE_LANGUAGES.join(', ')}` });
      for (const [name, value] of Object.entries(facts)) {
        if (city.facts[name] !== undefined) ctx.addIssue({ code: 'custom', path: ['factsByLanguage', language, name], message: `"${name}" is also a shared fact (city.facts); a fact is either shared or per language` });
        for (const match of value.matchAll(FACT_REFERENCE)) {
          const referenced = match[1] ?? '';
          if (city.facts[referenced] === undefined) ctx.addIssue({ code: 'custom', path: ['factsByLanguage', language, name], message: `names "{{${referenced}}}", which is not a shared fact (city.facts)` });
        }
      }
    }
  })
  .transform((city) => ({
    ...city,
    /** The served languages, under the name older code reads. Deprecated: read `languages.served`. */
    locales: [...city.languages.served],
  }));

export type CityConfig = z.infer<typeof citySchema>;

const resolved = new WeakMap<object, Map<string, Record<string, string | number | boolean>>>();

/**
 * Every fact a text in `language` can read: the shared figures and that language's words, with
 * the figures they name put in. Without a language, only the shared figures.
 */
export function factsFor(city: Pick<CityConfig, 'facts' | 'factsByLanguage'>, language: string | undefined): Record<string, string | number | boolean> {
  if (language === undefined) return { ...city.facts };
  let byLanguage = resolved.get(city);
  if (byLanguage === undefined) {
    byLanguage = new Map();
    resolved.set(city, byLanguage);
  }
  let facts = byLanguage.get(language);
  if (facts === undefined) {
    facts = { ...city.facts };
    for (const [name, value] of Object.entries(city.factsByLanguage[language] ?? {})) facts[name] = resolveFact(value, city.facts);
    byLanguage.set(language, facts);
  }
  return { ...facts };
}

/** A word fact with the shared figures it names put in. */
export function resolveFact(value: string, shared: Readonly<Record<string, string | number | boolean>>): string {
  return value.replace(FACT_REFERENCE, (whole, referenced: string) => (shared[referenced] === undefined ? whole : String(shared[referenced])));
}
