import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

function validate(configDir: string) {
  return spawnSync(process.execPath, ['--import', 'tsx', path.resolve('src/cli/index.ts'), 'validate'], {
    encoding: 'utf8',
    env: { ...process.env, LOG_LEVEL: 'silent', CIVICAST_CONFIG_DIR: configDir },
    timeout: 120_000,
  });
}

/** The table's row for a language, as columns. */
const row = (stdout: string, language: string) => stdout.split('\n').find((line) => line.startsWith(`${language} `))?.trim().split(/\s{2,}/) ?? [];

describe('civicast validate: what each language has', () => {
  it('reports all ten served languages complete on the shipped config, with the drafts still to review', () => {
    const result = validate(path.resolve('config'));
    expect(result.status, result.stderr).toBe(0);
    const header = result.stdout.split('\n').find((line) => line.startsWith('language '))?.trim().split(/\s{2,}/);
    expect(header).toEqual(['language', 'name', 'role', 'posts', 'titles', 'labels', 'facts', 'dates', 'interpreter', 'answers', 'reply911', 'reviewed', 'drafts', 'stale', 'missing', 'complete']);
    for (const language of ['en', 'es', 'zh', 'vi', 'ru', 'ht', 'fr', 'pt', 'ar', 'sw']) {
      const cells = row(result.stdout, language);
      expect(cells.slice(3, 7), language).toEqual(['30/30', '5/5', '29/29', '11/11']);
      expect(cells.at(-1), language).toBe('yes');
    }
    expect(row(result.stdout, 'ht')[7]).toBe('own');
    expect(row(result.stdout, 'ko').slice(2, 9)).toEqual(['pointer', '-', '-', '1/1', '-', '-', '2/2']);
    expect(result.stdout).toMatch(/10\/10 served languages complete \(posts, pages, feeds, CAP\)/);
    expect(result.stdout).toMatch(/\d+ translated texts not yet reviewed \(sent as they are\)/);
  }, 180_000);

  it('shows what a newly served language lacks, names each missing file, and refuses it', () => {
    const configDir = fs.mkdtempSync(path.join(os.tmpdir(), 'civicast-validate-'));
    fs.cpSync(path.resolve('config'), configDir, { recursive: true });
    const city = fs.readFileSync(path.join(configDir, 'city.yaml'), 'utf8');
    fs.writeFileSync(
      path.join(configDir, 'city.yaml'),
      city
        .replace('served: [en, es, zh, vi, ru, ht, fr, pt, ar, sw]', 'served: [en, es, zh, vi, ru, ht, fr, pt, ar, sw, ko]')
        .replace('recognised: [ko, ja,', 'recognised: [ja,')
        .replace('interpreterReplies: [ko, ja,', 'interpreterReplies: [ja,'),
    );
    const result = validate(configDir);
    expect(result.status).toBe(2);
    // The table first: Korean has its file (the interpreter replies, the automated-reply marker) and nothing else a served language needs.
    expect(row(result.stdout, 'ko').slice(2, 7)).toEqual(['served', '0/30', '0/5', '1/29', '0/11']);
    expect(row(result.stdout, 'ko').at(-1)).toBe('NO');
    expect(row(result.stdout, 'es').at(-1)).toBe('yes');
    // Then every gap, each with the file to write.
    expect(result.stderr).toMatch(/templates[/\\]snow[/\\]status\.ko\.hbs: \(top level\): missing: playbook snow posts "status" in ko/);
    expect(result.stderr).toMatch(/config[/\\]playbooks[/\\]hurricane\.yaml: title\.ko: missing/);
    expect(result.stderr).toMatch(/locales[/\\]ko\.yaml: labels\.page\.heading: missing/);
    expect(result.stderr).toMatch(/config[/\\]city\.yaml: city\.factsByLanguage\.ko\.alertsSignup: missing/);
    expect(result.stderr.match(/\.ko\.hbs/g)).toHaveLength(30);
    fs.rmSync(configDir, { recursive: true, force: true });
  }, 180_000);
});
