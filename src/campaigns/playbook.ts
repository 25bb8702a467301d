import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { ConfigError, type ConfigProblem } from '../config/config-error.js';
import { problemsFromZod, readYamlFile } from '../config/load-config.js';

const topic = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'a topic name: lowercase letters, digits and "-"');
const localeCode = z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]+)?$/, 'a locale code such as en or es');

/** One post of a phase: a template topic, posted `offsetMinutes` after the phase starts. */
const stepSchema = z.union([topic.transform((t) => ({ topic: t, offsetMinutes: 0 })), z.strictObject({ topic, offsetMinutes: z.number().int().min(0).max(10_080).default(0) })]);

export const playbookSchema = z.strictObject({
  type: z.string().regex(/^[a-z][a-z0-9-]*$/),
  /**
   * Title per language, e.g. { en: Snow emergency, es: Emergencia por nieve }: every language the
   * playbook posts in needs one (posts in that language say it, as do the status page and CAP).
   */
  title: z.record(localeCode, z.string().min(1).max(100)),
  /** Channel names, group names, or `all` (every enabled channel that is not a drill channel). */
  channels: z.array(z.string().min(1)).min(1).default(['all']),
  /**
   * Leave out: the playbook posts in every served language (city.languages.served). Listing
   * languages here posts in only those; each one left out is named in a start-up warning.
   */
  locales: z.array(localeCode).min(1).optional(),
  priority: z.enum(['emergency', 'routine', 'urgent']).default('emergency'),
  /** Parameters the templates read unless the declaration sets them. */
  defaultParams: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).default({}),
  onDeclare: z.array(stepSchema).min(1),
  /** While active: each cron (city time zone) posts its topics. */
  reminders: z.array(z.strictObject({ cron: z.string().min(9), topics: z.array(topic).min(1) })).default([]),
  onUpdate: z.array(stepSchema).default([]),
  onLift: z.array(stepSchema).min(1),
  /** Whether emergencies of this type from feeds need a manager's approval (overrides the feed rule). */
  requireApproval: z.boolean().optional(),
});

export type Playbook = z.infer<typeof playbookSchema>;
export type PlaybookStep = Playbook['onDeclare'][number];

/** Every topic a playbook posts, in first-use order. */
export function playbookTopics(playbook: Playbook): string[] {
  const topics = [...playbook.onDeclare, ...playbook.onUpdate, ...playbook.onLift].map((s) => s.topic);
  for (const reminder of playbook.reminders) topics.push(...reminder.topics);
  return [...new Set(topics)];
}

/** Loads `config/playbooks/*.yaml`; errors name the file, the path and the field. */
export function loadPlaybooks(dir: string, displayDir = path.relative(process.cwd(), dir) || dir): Map<string, Playbook> {
  const playbooks = new Map<string, Playbook>();
  const problems: ConfigProblem[] = [];
  if (!fs.existsSync(dir)) throw new ConfigError([{ file: displayDir, path: '', message: 'playbook directory not found' }]);
  for (const file of fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort()) {
    const display = path.join(displayDir, file);
    try {
      const raw = readYamlFile(path.join(dir, file), display);
      const result = playbookSchema.safeParse(raw);
      if (!result.success) {
        problems.push(...problemsFromZod(result.error, new Map(), display, [], playbookSchema));
        continue;
      }
      const expected = file.replace(/\.ya?ml$/, '');
      if (result.data.type !== expected) {
        problems.push({ file: display, path: 'type', message: `"${result.data.type}" must match the file name "${expected}"` });
        continue;
      }
      playbooks.set(result.data.type, result.data);
    } catch (error) {
      if (error instanceof ConfigError) problems.push(...error.problems);
      else throw error;
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return playbooks;
}
