import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/config-error.js';
import { loadConfig } from '../../src/config/load-config.js';
import { DEFAULT_RECOGNISED_LANGUAGES, DEFAULT_SERVED_LANGUAGES } from '../../src/faq/language/language-codes.js';

const REPO_CONFIG = path.resolve('config');

/** The shipped config with city.yaml's `languages:` block replaced (or removed, with ''). */
function withLanguages(block: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'civicast-languages-'));
  fs.cpSync(REPO_CONFIG, dir, { recursive: true });
  const city = fs.readFileSync(path.join(REPO_CONFIG, 'city.yaml'), 'utf8');
  const replaced = city.replace(/ {2}languages:\n(?: {4}.*\n)+/u, block);
  expect(replaced).not.toBe(city);
  fs.writeFileSync(path.join(dir, 'city.yaml'), replaced);
  return dir;
}

function problemsOf(dir: string): string {
  try {
    loadConfig(dir);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message;
  }
  throw new Error('expected the configuration to be rejected');
}

describe('city.languages', () => {
  it('ships the ten served and thirteen recognised languages, and defaults to them when absent', () => {
    expect(loadConfig(REPO_CONFIG).config.city.languages).toEqual({ served: [...DEFAULT_SERVED_LANGUAGES], recognised: [...DEFAULT_RECOGNISED_LANGUAGES] });
    expect(loadConfig(withLanguages('')).config.city.languages).toEqual({ served: [...DEFAULT_SERVED_LANGUAGES], recognised: [...DEFAULT_RECOGNISED_LANGUAGES] });
    expect(loadConfig(withLanguages('  languages:\n    served: [en, es]\n')).config.city.languages).toEqual({ served: ['en', 'es'], recognised: [...DEFAULT_RECOGNISED_LANGUAGES] });
  });

  it('names the file, path and the unknown code', () => {
    const problems = problemsOf(withLanguages('  languages:\n    served: [en, es, klingon]\n    recognised: [xx]\n'));
    expect(problems).toMatch(/city\.yaml: city\.languages\.served\[2\]: unknown language "klingon": the recogniser knows en, es, zh/);
    expect(problems).toMatch(/city\.yaml: city\.languages\.recognised\[0\]: unknown language "xx"/);
  });

  it('refuses a language listed as both served and recognised, and an empty served list', () => {
    expect(problemsOf(withLanguages('  languages:\n    served: [en, es]\n    recognised: [ko, es]\n'))).toMatch(/city\.languages\.recognised\[1\]: "es" is already served/);
    expect(problemsOf(withLanguages('  languages:\n    served: []\n'))).toMatch(/city\.languages\.served/);
  });
});
