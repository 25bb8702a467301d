import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { ConfigProblem } from '../config/config-error.js';
import { problemsFromZod, readYamlFile } from '../config/load-config.js';
import { ConfigError } from '../config/config-error.js';
import type { LanguageCalendar } from '../templates/local-dates.js';
import type { ShippedText } from './public-texts.js';

const names = (count: number) => z.array(z.string().min(1).max(30)).length(count);
const calendarSchema = z.strictObject({
  patternsFrom: z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]+)?$/, 'a language Intl knows, such as fr'),
  weekdays: names(7),
  weekdaysShort: names(7),
  months: names(12),
  monthsShort: names(12),
});

const labelText = z.string().min(1).max(300);
const packSchema = z.strictObject({
  language: z.strictObject({
    /** The language's own name, for the language menu: "Español", "العربية". */
    name: z.string().min(1).max(40),
    /** Right-to-left scripts (Arabic, Urdu) set `rtl`: pages and previews follow it. */
    dir: z.enum(['ltr', 'rtl']).default('ltr'),
    /** The BCP 47 tag of `lang` attributes, Atom `xml:lang` and CAP `<language>`: en-US, zh-CN. */
    tag: z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'a BCP 47 tag such as en-US or zh-CN').optional(),
    /** Day and month names, for a language `Intl` does not know. */
    calendar: calendarSchema.optional(),
  }),
  /** Public page, feed and CAP labels: group → name → text (`{{city}}`, `{{title}}` may be used). */
  labels: z.record(z.string().regex(/^[a-z][a-zA-Z]*$/), z.record(z.string().regex(/^[a-z][a-zA-Z_.]*$/), labelText)).default({}),
  /** For a recognised, unserved language: the short reply pointing to 311 with an interpreter (`danger`: to 911). */
  interpreter: z.strictObject({ general: z.string().min(10).max(500), danger: z.string().min(10).max(500) }).optional(),
});

export interface LanguagePack {
  code: string;
  name: string;
  dir: 'ltr' | 'rtl';
  /** BCP 47 tag for `lang`, `xml:lang` and CAP `<language>`. */
  tag: string;
  calendar?: LanguageCalendar;
  file: string;
}

export interface LoadedPacks {
  packs: Map<string, LanguagePack>;
  texts: ShippedText[];
  problems: ConfigProblem[];
}

/**
 * Reads `locales/<language>.yaml` for each language asked for: the language's name, direction
 * and tag, its labels, its calendar names where `Intl` has none, and (for an unserved language)
 * its interpreter replies. Problems are returned, not thrown, so `civicast validate` can still
 * show what each language has.
 */
export function readLanguagePacks(dir: string, languages: readonly string[], displayDir = path.relative(process.cwd(), dir) || dir): LoadedPacks {
  const packs = new Map<string, LanguagePack>();
  const texts: ShippedText[] = [];
  const problems: ConfigProblem[] = [];
  for (const code of languages) {
    const display = path.join(displayDir, `${code}.yaml`);
    const file = path.join(dir, `${code}.yaml`);
    if (!fs.existsSync(file)) {
      problems.push({ file: display, path: '', message: `missing: the ${code} labels (every language the city serves or answers needs its file)` });
      continue;
    }
    let raw: unknown;
    try {
      raw = readYamlFile(file, display);
    } catch (error) {
      if (error instanceof ConfigError) problems.push(...error.problems);
      else throw error;
      continue;
    }
    const parsed = packSchema.safeParse(raw);
    if (!parsed.success) {
      problems.push(...problemsFromZod(parsed.error, new Map(), display));
      continue;
    }
    const { language, labels, interpreter } = parsed.data;
    packs.set(code, { code, name: language.name, dir: language.dir, tag: language.tag ?? code, ...(language.calendar === undefined ? {} : { calendar: language.calendar }), file: display });
    for (const [group, entries] of Object.entries(labels)) {
      for (const [name, text] of Object.entries(entries)) texts.push({ key: `label:${group}.${name}`, language: code, text, file: display, path: `labels.${group}.${name}` });
    }
    for (const [variant, text] of Object.entries(interpreter ?? {})) texts.push({ key: `interpreter:${variant}`, language: code, text, file: display, path: `interpreter.${variant}` });
    for (const [field, list] of Object.entries(language.calendar ?? {})) {
      if (Array.isArray(list)) texts.push({ key: `calendar:${field}`, language: code, text: list.join(', '), file: display, path: `language.calendar.${field}` });
    }
  }
  return { packs, texts, problems };
}
