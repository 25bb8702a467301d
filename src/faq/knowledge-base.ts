import path from 'node:path';
import { z } from 'zod';
import { ConfigError, type ConfigProblem } from '../config/config-error.js';
import { parseYamlFiles } from './parse-yaml-files.js';
import type { CompiledTemplate, TemplateEngine } from '../templates/engine.js';

const byLocale = <T extends z.ZodType>(value: T) => z.record(z.string().regex(/^[a-z]{2,3}$/, 'a locale code'), value);

const topicSchema = z.strictObject({
  id: z.string().regex(/^[a-z_]+(\.[a-z_]+)*$/, 'a topic id such as parking.towed'),
  /** Example questions per locale: many phrasings, slang, typos. */
  examples: byLocale(z.array(z.string().min(2)).min(1)),
  keywords: byLocale(z.array(z.string().min(1))).default({}),
  /** Answer templates by state (`default`, `active` for any emergency, or a type such as `snow`), then locale. */
  answers: z.record(z.string(), byLocale(z.string().min(10).max(1000))).refine((a) => a['default'] !== undefined, 'needs a `default` variant'),
  /** Translations waiting for the city's review (`draft`) or reviewed; a locale not listed counts as reviewed. */
  review: byLocale(z.enum(['draft', 'reviewed'])).default({}),
});

export type TopicFile = z.infer<typeof topicSchema>;

export interface Topic {
  id: string;
  examples: string[];
  keywords: string[];
  /** Examples and keywords by locale: the language recogniser learns each language's own words from them. */
  phrasesByLocale?: Readonly<Record<string, readonly string[]>>;
  /** state → locale → template */
  answers: Map<string, Map<string, CompiledTemplate>>;
  /** Locales whose text is a draft waiting for review. */
  drafts: ReadonlySet<string>;
  file: string;
}

export const REQUIRED_TOPICS = [
  'emergency.status',
  'parking.move_car',
  'parking.towed',
  'parking.where_to_park',
  'parking.save_spot',
  'trash.collection',
  'street_cleaning.schedule',
  'snow.plowing',
  'snow.sidewalks',
  'shelter.warming_centers',
  'hurricane.evacuation',
  'flooding',
  'transit.service',
  'schools.closures',
  'city.offices',
  'power.outage',
  'report.issue',
] as const;

/** Files whose name starts with "_" are special: `_urgent` (the 911 reply) and `_offtopic` (what to refuse). */
export interface KnowledgeBase {
  topics: Topic[];
  urgent: Topic;
  offTopic: Topic;
}

/** Loads and validates `faq/*.yaml`; every problem names the file, the path and the field. */
export function loadKnowledgeBase(dir: string, engine: TemplateEngine, requiredLocales: readonly string[] = ['en', 'es']): KnowledgeBase {
  const display = path.relative(process.cwd(), dir) || dir;
  const problems: ConfigProblem[] = [];
  const topics: Topic[] = [];
  for (const { name, file, data } of parseYamlFiles(dir, topicSchema, problems, 'knowledge base directory not found')) {
    const answers = new Map<string, Map<string, CompiledTemplate>>();
    for (const [state, locales] of Object.entries(data.answers)) {
      const compiled = new Map<string, CompiledTemplate>();
      for (const [locale, source] of Object.entries(locales)) {
        try {
          compiled.set(locale, engine.compile(source, `${file}: answers.${state}.${locale}`));
        } catch (error) {
          problems.push({ file, path: `answers.${state}.${locale}`, message: (error as Error).message.split(': ').slice(-1)[0] ?? 'invalid template' });
        }
      }
      answers.set(state, compiled);
    }
    if (!name.startsWith('_')) {
      for (const locale of requiredLocales) {
        if (data.answers['default']?.[locale] === undefined) problems.push({ file, path: `answers.default.${locale}`, message: `every topic needs a ${locale} answer` });
      }
    }
    if (data.id === '_urgent') for (const state of ['default', 'possible']) if (data.answers[state]?.['en'] === undefined) problems.push({ file, path: `answers.${state}.en`, message: 'the 911 texts need English' });
    const drafts = new Set(Object.entries(data.review).flatMap(([locale, status]) => (status === 'draft' ? [locale] : [])));
    const phrasesByLocale: Record<string, string[]> = {};
    for (const [locale, phrases] of [...Object.entries(data.examples), ...Object.entries(data.keywords)]) (phrasesByLocale[locale] ??= []).push(...phrases);
    topics.push({ id: data.id, examples: Object.values(data.examples).flat(), keywords: Object.values(data.keywords).flat(), phrasesByLocale, answers, drafts, file });
  }
  const ids = topics.map((t) => t.id);
  for (const id of REQUIRED_TOPICS) if (!ids.includes(id)) problems.push({ file: display, path: id, message: 'required topic is missing' });
  const urgent = topics.find((t) => t.id === '_urgent');
  const offTopic = topics.find((t) => t.id === '_offtopic');
  if (urgent === undefined) problems.push({ file: path.join(display, '_urgent.yaml'), path: '', message: 'the 911 reply is missing' });
  if (offTopic === undefined) problems.push({ file: path.join(display, '_offtopic.yaml'), path: '', message: 'off-topic examples are missing' });
  if (problems.length > 0) throw new ConfigError(problems);
  return { topics: topics.filter((t) => !t.id.startsWith('_')), urgent: urgent as Topic, offTopic: offTopic as Topic };
}
