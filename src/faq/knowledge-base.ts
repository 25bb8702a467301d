import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { ConfigError, type ConfigProblem } from '../config/config-error.js';
import { readLanguageFolders } from '../config/read-language-folders.js';
import { readYamlFiles, type YamlFile } from '../config/read-yaml-files.js';
import type { CompiledTemplate, TemplateEngine } from '../templates/engine.js';
import { SHIPPED_CUES_DIR, readPostCues, type PostCues } from './post-cues.js';

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
  /** A short acknowledgement per locale, put before the answer when the post is a complaint ("Sorry for the wait."). */
  acknowledge: byLocale(z.string().min(2).max(120).regex(/^[^{}]*$/, 'plain text, no template syntax')).default({}),
  /** The city's own page for this topic (https), appended to a reply where it fits. */
  source: z.url({ protocol: /^https$/, error: 'an https URL of the city\'s page, such as https://www.phila.gov/...' }).max(200).optional(),
});

export type TopicFile = z.infer<typeof topicSchema>;

/**
 * One language's texts for one topic, in `faq/<language>/<file>.yaml`: a language is added as a
 * folder, beside the topic files that hold English and Spanish. Drafts until a person reviews them.
 */
const languageTopicSchema = z.strictObject({
  id: z.string().regex(/^_?[a-z_]+(\.[a-z_]+)*$/, 'a topic id such as parking.towed'),
  review: z.enum(['draft', 'reviewed']).default('draft'),
  examples: z.array(z.string().min(2)).default([]),
  keywords: z.array(z.string().min(1)).default([]),
  /** Answer templates by state, as in the topic file (`default` first). */
  answers: z.record(z.string(), z.string().min(10).max(1000)).default({}),
  acknowledge: z.string().min(2).max(120).regex(/^[^{}]*$/, 'plain text, no template syntax').optional(),
});

/** Puts each language folder's texts into its topic, as if they were written in the topic file; returns where each came from (topic id → language → file) and records each topic's newest change. */
function mergeLanguageFolders(dir: string, files: YamlFile<TopicFile>[], problems: ConfigProblem[], changedAt: Map<string, number>): Map<string, Map<string, string>> {
  const origins = new Map<string, Map<string, string>>();
  const byId = new Map(files.map((f) => [f.data.id, f]));
  for (const { language, name, file, data } of readLanguageFolders(dir, languageTopicSchema, problems)) {
    const topic = byId.get(data.id);
    if (topic === undefined) {
      problems.push({ file, path: 'id', message: `no topic "${data.id}" in the knowledge base` });
      continue;
    }
    const base = topic.data;
    if (base.examples[language] !== undefined || base.answers['default']?.[language] !== undefined) {
      problems.push({ file, path: 'id', message: `${topic.file} already has ${language} texts for this topic; keep one place per language` });
      continue;
    }
    for (const state of Object.keys(data.answers)) if (base.answers[state] === undefined) problems.push({ file, path: `answers.${state}`, message: `${topic.file} has no "${state}" answer to translate` });
    if (data.examples.length > 0) base.examples[language] = data.examples;
    if (data.keywords.length > 0) base.keywords[language] = data.keywords;
    for (const [state, text] of Object.entries(data.answers)) if (base.answers[state] !== undefined) base.answers[state][language] = text;
    if (data.acknowledge !== undefined) base.acknowledge[language] = data.acknowledge;
    base.review[language] = data.review;
    if (!origins.has(data.id)) origins.set(data.id, new Map());
    origins.get(data.id)?.set(language, file);
    changedAt.set(data.id, Math.max(changedAt.get(data.id) ?? 0, modifiedAt(path.join(dir, language, name))));
  }
  return origins;
}

/** A file's last change (epoch ms), or 0 when it cannot be read. */
function modifiedAt(file: string): number {
  try {
    return Math.floor(fs.statSync(file).mtimeMs);
  } catch {
    return 0;
  }
}

/** The topic files with every language folder merged in, and the folder file each language's texts came from. */
export interface TopicFiles {
  files: YamlFile<TopicFile>[];
  /** topic id → language → `faq/<language>/<file>.yaml`; a language not listed is in the topic file itself. */
  origins: Map<string, Map<string, string>>;
}

/**
 * The topic files read once, with what reading them found: the knowledge base and the review
 * texts (`readFaqTexts`) are both built from it at start-up, so the YAML is parsed once.
 */
export interface TopicRead extends TopicFiles {
  problems: readonly ConfigProblem[];
  /** topic id → the newest modification time of its language files. */
  changedAt: ReadonlyMap<string, number>;
}

export function readTopics(dir: string): TopicRead {
  const problems: ConfigProblem[] = [];
  const changedAt = new Map<string, number>();
  return { ...readTopicFiles(dir, problems, changedAt), problems, changedAt };
}

/** Reads `faq/*.yaml` and `faq/<language>/*.yaml` as written (templates not compiled); problems are collected. */
export function readTopicFiles(dir: string, problems: ConfigProblem[], changedAt = new Map<string, number>()): TopicFiles {
  const files = readYamlFiles(dir, topicSchema, problems, 'knowledge base directory not found');
  return { files, origins: mergeLanguageFolders(dir, files, problems, changedAt) };
}

export interface Topic {
  id: string;
  /** Changes whenever any answer text or acknowledgement changes: replies record it, so superseded ones can be listed. */
  version: string;
  /** When its answer texts last changed: the newest of its files' modification times (epoch ms). */
  asOf: number;
  examples: string[];
  keywords: string[];
  /** Examples and keywords by locale: the language recogniser learns each language's own words from them. */
  phrasesByLocale?: Readonly<Record<string, readonly string[]>>;
  /** state → locale → template */
  answers: Map<string, Map<string, CompiledTemplate>>;
  /** Locales whose text is a draft waiting for review. */
  drafts: ReadonlySet<string>;
  /** locale → the acknowledgement put before the answer to a complaint */
  acknowledge: Map<string, string>;
  file: string;
  /** The city's page the answer comes from (https). */
  source?: string;
}

/** The topics of the shared label set (TAXONOMY.md): labelled evaluation sets use exactly these ids. */
export const REQUIRED_TOPICS = [
  'emergency.status',
  'alerts.signup',
  'parking.move_car',
  'parking.towed',
  'parking.where_to_park',
  'parking.save_spot',
  'trash.collection',
  'street_cleaning.schedule',
  'trash.missed',
  'snow.plowing',
  'snow.plow_damage',
  'snow.sidewalks',
  'snow.sidewalk_report',
  'shelter.warming_centers',
  'shelter.cooling_centers',
  'shelter.pets',
  'hurricane.evacuation',
  'flooding',
  'transit.service',
  'schools.closures',
  'city.offices',
  'power.outage',
  'power.restoration',
  'report.issue',
] as const;

/** Files whose name starts with "_" are special: `_urgent` (the 911 reply) and `_offtopic` (what to refuse). */
export interface KnowledgeBase {
  topics: Topic[];
  urgent: Topic;
  offTopic: Topic;
  /** How posts are written in each language (`faq/cues/<lang>.yaml`; the shipped ones when the folder has none). */
  cues: PostCues;
}

/** Loads and validates `faq/*.yaml`; every problem names the file, the path and the field. */
export function loadKnowledgeBase(dir: string, engine: TemplateEngine, requiredLocales: readonly string[] = ['en', 'es'], read: TopicRead = readTopics(dir)): KnowledgeBase {
  const display = path.relative(process.cwd(), dir) || dir;
  const problems: ConfigProblem[] = [...read.problems];
  const topics: Topic[] = [];
  const { files, changedAt } = read;
  for (const { name, file, data } of files) {
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
    if (data.id === '_urgent') for (const state of ['default', 'possible', 'self_harm']) if (data.answers[state]?.['en'] === undefined) problems.push({ file, path: `answers.${state}.en`, message: 'the 911 texts need English' });
    const drafts = new Set(Object.entries(data.review).flatMap(([locale, status]) => (status === 'draft' ? [locale] : [])));
    const phrasesByLocale: Record<string, string[]> = {};
    for (const [locale, phrases] of [...Object.entries(data.examples), ...Object.entries(data.keywords)]) (phrasesByLocale[locale] ??= []).push(...phrases);
    const version = createHash('sha256').update(JSON.stringify([data.answers, data.acknowledge])).digest('hex').slice(0, 12);
    const asOf = Math.max(modifiedAt(path.join(dir, name)), changedAt.get(data.id) ?? 0);
    topics.push({ id: data.id, version, asOf, examples: Object.values(data.examples).flat(), keywords: Object.values(data.keywords).flat(), phrasesByLocale, answers, drafts, acknowledge: new Map(Object.entries(data.acknowledge)), file, ...(data.source === undefined ? {} : { source: data.source }) });
  }
  const ids = topics.map((t) => t.id);
  for (const id of REQUIRED_TOPICS) if (!ids.includes(id)) problems.push({ file: display, path: id, message: 'required topic is missing' });
  const urgent = topics.find((t) => t.id === '_urgent');
  const offTopic = topics.find((t) => t.id === '_offtopic');
  if (urgent === undefined) problems.push({ file: path.join(display, '_urgent.yaml'), path: '', message: 'the 911 reply is missing' });
  if (offTopic === undefined) problems.push({ file: path.join(display, '_offtopic.yaml'), path: '', message: 'off-topic examples are missing' });
  const cuesDir = path.join(dir, 'cues');
  const cues = readPostCues(fs.existsSync(cuesDir) ? cuesDir : SHIPPED_CUES_DIR, problems);
  if (problems.length > 0) throw new ConfigError(problems);
  return { topics: topics.filter((t) => !t.id.startsWith('_')), urgent: urgent as Topic, offTopic: offTopic as Topic, cues };
}
