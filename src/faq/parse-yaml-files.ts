import fs from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import { ConfigError, type ConfigProblem } from '../config/config-error.js';
import { problemsFromZod, readYamlFile } from '../config/load-config.js';

/**
 * Every `*.yaml` file of `dir`, in name order, validated by `schema`. A file that does not parse
 * or validate adds its problems (file, path, field) to `problems` and is left out, so one run
 * reports every broken file at once. `missing` is the message when `dir` does not exist.
 */
export function parseYamlFiles<S extends z.ZodType>(dir: string, schema: S, problems: ConfigProblem[], missing: string): { name: string; file: string; data: z.output<S> }[] {
  const display = path.relative(process.cwd(), dir) || dir;
  if (!fs.existsSync(dir)) throw new ConfigError([{ file: display, path: '', message: missing }]);
  const parsedFiles: { name: string; file: string; data: z.output<S> }[] = [];
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
    if (parsed.success) parsedFiles.push({ name, file, data: parsed.data });
    else problems.push(...problemsFromZod(parsed.error, new Map(), file));
  }
  return parsedFiles;
}
