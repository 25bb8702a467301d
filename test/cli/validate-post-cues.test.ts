import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkConfiguration } from '../../src/app/check-configuration.js';
import { ConfigError, type ConfigProblem } from '../../src/config/config-error.js';
import { createLogger } from '../../src/logging/logger.js';
import { makeTestConfig, testEnv } from '../support/test-config.js';

function validate(configDir: string) {
  return spawnSync(process.execPath, ['--import', 'tsx', path.resolve('src/cli/index.ts'), 'validate'], {
    encoding: 'utf8',
    env: { ...process.env, LOG_LEVEL: 'silent', CIVICAST_CONFIG_DIR: configDir },
    timeout: 120_000,
  });
}

async function problemsOf(configDir: string, faqDir: string): Promise<ConfigProblem[]> {
  try {
    await checkConfiguration({ env: testEnv(configDir), logger: createLogger({ level: 'silent' }), faqDir });
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('civicast validate: every served language has its post cues', () => {
  it('names faq/cues/<lang>.yaml for a served language that has none, beside its other gaps', () => {
    const { dir, configDir } = makeTestConfig();
    const city = fs.readFileSync(path.join(configDir, 'city.yaml'), 'utf8');
    const served = city.replace('served: [en, es, zh, vi, ru, ht, fr, pt, ar, sw]', 'served: [en, es, zh, vi, ru, ht, fr, pt, ar, sw, ko]');
    expect(served).not.toBe(city);
    fs.writeFileSync(path.join(configDir, 'city.yaml'), served.replace('recognised: [ko, ja,', 'recognised: [ja,').replace('interpreterReplies: [ko, ja,', 'interpreterReplies: [ja,'));
    const result = validate(configDir);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/faq[/\\]cues[/\\]ko\.yaml: \(top level\): missing: served language ko has no post cues/);
    // The rest of Korean's picture is still there, and no other language is named.
    expect(result.stderr).toMatch(/templates[/\\]snow[/\\]status\.ko\.hbs: \(top level\): missing/);
    expect(result.stderr).not.toMatch(/faq[/\\]cues[/\\](?!ko\.yaml)/);
    fs.rmSync(dir, { recursive: true, force: true });
  }, 180_000);

  it('names a served language whose cue file does not read, once, with the field', async () => {
    const { dir, configDir } = makeTestConfig();
    const faqDir = path.join(dir, 'faq');
    fs.cpSync(path.resolve('faq'), faqDir, { recursive: true });
    fs.appendFileSync(path.join(faqDir, 'cues', 'ru.yaml'), '\nnegations: [не\n');
    const problems = await problemsOf(configDir, faqDir);
    const ru = problems.filter((p) => path.basename(p.file) === 'ru.yaml');
    expect(ru.length, JSON.stringify(problems)).toBeGreaterThan(0);
    expect(new Set(ru.map((p) => `${p.path}|${p.message}`)).size).toBe(ru.length);
    for (const p of ru) expect(p.message).toMatch(/^YAML syntax: .*\(the post cues of served language ru\)$/);
    expect(ru[0]?.file).toBe(path.join(path.relative(process.cwd(), faqDir), 'cues', 'ru.yaml'));
    fs.rmSync(dir, { recursive: true, force: true });
  }, 180_000);
});
