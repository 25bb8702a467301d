import fs from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import type { ConfigProblem } from './config-error.js';
import { readYamlFiles, type YamlFile } from './read-yaml-files.js';

/** A language's own file in a content folder: `<dir>/<language>/<name>.yaml`. */
export interface LanguageFile<T> extends YamlFile<T> {
  language: string;
}

const LANGUAGE_FOLDER = /^[a-z]{2,3}$/;

/**
 * The language folders of a content folder (faq/fr/, statements/ar/...): adding a language is
 * adding a folder of files, so translations never touch the files of other languages. Every file
 * is checked against `schema`; problems name the file, the path and the field.
 */
export function readLanguageFolders<S extends z.ZodType>(dir: string, schema: S, problems: ConfigProblem[]): LanguageFile<z.infer<S>>[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && LANGUAGE_FOLDER.test(entry.name))
    .map((entry) => entry.name)
    .sort()
    .flatMap((language) => readYamlFiles(path.join(dir, language), schema, problems, 'language folder not found').map((file) => ({ ...file, language })));
}
