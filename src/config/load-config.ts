import fs from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { ConfigError, formatPath, type ConfigProblem } from './config-error.js';
import { unknownKeyMessage } from './did-you-mean.js';
import { languageReferenceProblems, migrateCityLocales } from './language-references.js';
import { configSchema, type CivicastConfig } from './schema.js';
import { knownKeysAt } from './schema-keys.js';

type Plain = Record<string, unknown>;

/** Merged YAML plus, for every path, the file that set it (so errors can name the file). */
export interface MergedYaml {
  value: Plain;
  origins: Map<string, string>;
}

function isPlain(value: unknown): value is Plain {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads one YAML file; syntax errors become ConfigProblems with line numbers. */
export function readYamlFile(file: string, displayName = file): unknown {
  const text = fs.readFileSync(file, 'utf8');
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new ConfigError(
      doc.errors.map((e) => ({ file: displayName, path: '', message: `YAML syntax: ${e.message.split('\n')[0] ?? e.message}` })),
    );
  }
  return doc.toJS({ maxAliasCount: 100 }) as unknown;
}

function mergeInto(target: Plain, source: Plain, file: string, prefix: string[], origins: Map<string, string>): void {
  for (const [key, value] of Object.entries(source)) {
    const at = [...prefix, key];
    const existing = target[key];
    if (isPlain(existing) && isPlain(value)) {
      mergeInto(existing, value, file, at, origins);
    } else {
      target[key] = value;
      origins.set(at.join('.'), file);
    }
    if (!origins.has(at.join('.'))) origins.set(at.join('.'), file);
  }
}

/** Deep-merges every `*.yaml` in `dir` (alphabetical order; later files win on conflicts). */
export function mergeYamlDir(dir: string, displayDir = path.relative(process.cwd(), dir) || '.'): MergedYaml {
  if (!fs.existsSync(dir)) throw new ConfigError([{ file: displayDir, path: '', message: 'configuration directory not found' }]);
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'))
    .sort();
  const value: Plain = {};
  const origins = new Map<string, string>();
  const problems: ConfigProblem[] = [];
  for (const file of files) {
    const display = path.join(displayDir, file);
    try {
      const data = readYamlFile(path.join(dir, file), display);
      if (data === null || data === undefined) continue;
      if (!isPlain(data)) {
        problems.push({ file: display, path: '', message: 'expected a mapping of sections at the top level' });
        continue;
      }
      mergeInto(value, data, display, [], origins);
    } catch (error) {
      if (error instanceof ConfigError) problems.push(...error.problems);
      else throw error;
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return { value, origins };
}

/** The file that defined `issuePath` or its nearest ancestor. */
export function originOf(origins: Map<string, string>, issuePath: readonly PropertyKey[], fallback: string): string {
  const parts = issuePath.map(String);
  for (let n = parts.length; n > 0; n--) {
    const file = origins.get(parts.slice(0, n).join('.'));
    if (file !== undefined) return file;
  }
  return fallback;
}

/**
 * Turns zod issues into problems that name file, path and field. An unknown key becomes one
 * problem at the key itself, with the closest known key when `schema` (the one that failed) is given.
 */
export function problemsFromZod(error: z.ZodError, origins: Map<string, string>, fallbackFile: string, basePath: readonly PropertyKey[] = [], schema?: z.ZodType): ConfigProblem[] {
  return error.issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') {
      const known = schema === undefined ? [] : knownKeysAt(schema, issue.path);
      return issue.keys.map((key) => {
        const full = [...basePath, ...issue.path, key];
        return { file: originOf(origins, full, fallbackFile), path: formatPath(full), message: unknownKeyMessage(key, known) };
      });
    }
    const full = [...basePath, ...issue.path];
    return [{ file: originOf(origins, full, fallbackFile), path: formatPath(full), message: issue.message }];
  });
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

export interface LoadedConfig {
  config: CivicastConfig;
  origins: Map<string, string>;
  configDir: string;
  /** Accepted but deprecated settings: `civicast validate` prints these, start-up logs them. */
  warnings: string[];
}

/** Loads, validates and freezes `config/*.yaml`. Throws ConfigError naming file, path and field. */
export function loadConfig(configDir: string): LoadedConfig {
  const merged = mergeYamlDir(configDir);
  const fallback = path.join(path.relative(process.cwd(), configDir) || '.', '*.yaml');
  const warnings: string[] = [];
  const aliasProblems = migrateCityLocales(merged, fallback, warnings);
  if (aliasProblems.length > 0) throw new ConfigError(aliasProblems);
  const result = configSchema.safeParse(merged.value);
  if (!result.success) throw new ConfigError(problemsFromZod(result.error, merged.origins, fallback, [], configSchema));
  const config = result.data;
  const problems: ConfigProblem[] = [...languageReferenceProblems(config, merged.origins, fallback)];
  const channelNames = new Set(Object.keys(config.channels));
  for (const [group, members] of Object.entries(config.channelGroups)) {
    members.forEach((member, i) => {
      if (!channelNames.has(member)) {
        problems.push({
          file: originOf(merged.origins, ['channelGroups', group], fallback),
          path: `channelGroups.${group}[${i}]`,
          message: `unknown channel "${member}" (known: ${[...channelNames].join(', ')})`,
        });
      }
    });
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return { config: deepFreeze(config), origins: merged.origins, configDir, warnings };
}
