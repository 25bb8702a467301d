import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/config-error.js';
import { loadConfig } from '../../src/config/load-config.js';
import { factsFor } from '../../src/config/city-schema.js';
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
    // The shipped city points every recognised language to an interpreter; a city that lists none gets no pointer.
    expect(loadConfig(REPO_CONFIG).config.city.languages).toEqual({ served: [...DEFAULT_SERVED_LANGUAGES], recognised: [...DEFAULT_RECOGNISED_LANGUAGES], interpreterReplies: [...DEFAULT_RECOGNISED_LANGUAGES] });
    expect(loadConfig(withLanguages('')).config.city.languages).toEqual({ served: [...DEFAULT_SERVED_LANGUAGES], recognised: [...DEFAULT_RECOGNISED_LANGUAGES], interpreterReplies: [] });
    const two = loadConfig(withLanguages('  languages:\n    served: [en, es]\n')).config.city;
    expect(two.languages).toEqual({ served: ['en', 'es'], recognised: [...DEFAULT_RECOGNISED_LANGUAGES], interpreterReplies: [] });
    // The old name follows the served list.
    expect(two.locales).toEqual(['en', 'es']);
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

  it('points to an interpreter only in recognised languages', () => {
    expect(problemsOf(withLanguages('  languages:\n    served: [en, es]\n    recognised: [ko]\n    interpreterReplies: [ko, es, ja]\n'))).toMatch(/city\.languages\.interpreterReplies\[1\]: "es" is not a recognised \(unserved\) language[\s\S]*interpreterReplies\[2\]: "ja"/);
  });
});

describe('city.locales, the deprecated name of the served languages', () => {
  const withLocales = (block: string) => {
    const dir = withLanguages(block);
    const city = fs.readFileSync(path.join(dir, 'city.yaml'), 'utf8').replace(/( {2}defaultLocale: en\n)/u, '$1  locales: [en, es]\n');
    fs.writeFileSync(path.join(dir, 'city.yaml'), city);
    return dir;
  };

  it('is read as the served list when that is not set, with a warning naming the file', () => {
    const loaded = loadConfig(withLocales(''));
    expect(loaded.config.city.languages.served).toEqual(['en', 'es']);
    expect(loaded.warnings).toEqual([expect.stringMatching(/city\.yaml: city\.locales is deprecated: rename it to city\.languages\.served/)]);
  });

  it('must agree with the served list when both are set', () => {
    expect(problemsOf(withLocales('  languages:\n    served: [en, es, zh]\n'))).toMatch(/city\.yaml: city\.locales: deprecated, and it disagrees with city\.languages\.served/);
    expect(loadConfig(withLocales('  languages:\n    served: [en, es]\n')).warnings).toEqual([expect.stringMatching(/repeats city\.languages\.served: remove it/)]);
  });
});

describe('city facts per language', () => {
  /** The shipped config with extra YAML merged over it. */
  const withExtra = (yaml: string) => {
    const dir = withLanguages('  languages:\n    served: [en, es, zh, vi, ru, ht, fr, pt, ar, sw]\n');
    fs.writeFileSync(path.join(dir, 'zz.yaml'), yaml);
    return dir;
  };

  it('puts the shared figures into the words of each language', () => {
    const { city } = loadConfig(REPO_CONFIG).config;
    expect(factsFor(city, 'es')['alertsSignup']).toBe('envíe READYPHILA por mensaje de texto al 888-777');
    expect(factsFor(city, 'en')['snowLine']).toBe('215-686-SNOW (215-686-7669), option 4');
    expect(factsFor(city, 'zh')['name']).toBe('费城');
    // Without a language, only the figures: no English words can reach another language's text.
    expect(factsFor(city, undefined)['alertsSignup']).toBeUndefined();
  });

  it('refuses a fact both shared and per language, a figure that does not exist, and an unknown language', () => {
    const problems = problemsOf(withExtra('city:\n  factsByLanguage:\n    es:\n      website: la web\n      alertsSignup: "envíe {{alertsKeyword}} al {{alertsNumber}}"\n    xx:\n      phone311: "311"\n'));
    expect(problems).toMatch(/zz\.yaml: city\.factsByLanguage\.es\.website: "website" is also a shared fact/);
    expect(problems).toMatch(/zz\.yaml: city\.factsByLanguage\.es\.alertsSignup: names "\{\{alertsNumber\}\}", which is not a shared fact/);
    expect(problems).toMatch(/city\.factsByLanguage\.xx: unknown language "xx"/);
  });

  it('refuses a channel or schedule language the city does not serve', () => {
    const problems = problemsOf(withExtra('channels:\n  console:\n    locales: [en, ko]\nschedules:\n  - { id: weekly, cron: "0 9 * * 1", channels: [console], text: "Hi {date}", locale: tl }\n'));
    expect(problems).toMatch(/zz\.yaml: channels\.console\.locales\[1\]: "ko" is not a served language/);
    expect(problems).toMatch(/zz\.yaml: schedules\[0\]\.locale: "tl" is not a served language/);
  });
});
