import fs from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import { ConfigError, type ConfigProblem } from './config-error.js';
import { problemsFromZod, readYamlFile } from './load-config.js';

/** One valid file of a content folder: its name, the path problems are reported under, its data. */
export interface YamlFile<T> {
  name: string;
  file: string;
  data: T;
}

/**
 * Every `*.yaml` file of a content folder (faq/, faq/danger/, statements/), in name order, parsed
 * and checked against `schema`. A file that fails adds its problems (file, path, field) to
 * `problems` and is left out, so one run reports every broken file at once. `missing` is the
 * message when the folder does not exist.
 */
export function readYamlFiles<S extends z.ZodType>(dir: string, schema: S, problems: ConfigProblem[], missing: string): YamlFile<z.infer<S>>[] {
  const display = path.relative(process.cwd(), dir) || dir;
  if (!fs.existsSync(dir)) throw new ConfigError([{ file: display, path: '', message: missing }]);
  const files: YamlFile<z.infer<S>>[] = [];
  for (const name of fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort()) {
    const file = path.join(display, name);
    let raw: unknown;
    try {
      raw = readYamlFile(path.join(dir, name), file);
    } catch (error) {
      if (error instanceof ConfigError) problems.push(...error.problems);
      else throw error;
      continue;
    }
    const parsed = schema.safeParse(raw);
    if (parsed.success) files.push({ name, file, data: parsed.data });
    else problems.push(...problemsFromZod(parsed.error, new Map(), file));
  }
  return files;
}
