import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkConfiguration } from '../../src/app/check-configuration.js';
import { ConfigError, type ConfigProblem } from '../../src/config/config-error.js';
import { readEnv } from '../../src/config/env.js';
import { createLogger } from '../../src/logging/logger.js';
import { startService } from '../../src/main.js';
import { makeTestConfig, testEnv } from '../support/test-config.js';

const BIN = path.resolve('bin/civicast.js');
const logger = createLogger({ level: 'silent' });

/** A test config with `snow.yaml` edited by `edit` and extra YAML files. */
function configWith(extra: Record<string, string>, edit: (playbook: string) => string = (p) => p) {
  const made = makeTestConfig(extra);
  const snow = path.join(made.configDir, 'playbooks', 'snow.yaml');
  fs.writeFileSync(snow, edit(fs.readFileSync(snow, 'utf8')));
  return made;
}

async function problemsOf(configDir: string): Promise<ConfigProblem[]> {
  try {
    await checkConfiguration({ env: testEnv(configDir), logger });
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

const playbookFile = (configDir: string) => path.join(path.relative(process.cwd(), configDir), 'playbooks', 'snow.yaml');
const configFile = (configDir: string, name: string) => path.join(path.relative(process.cwd(), configDir), name);

/**
 * Every configuration the issue found to stop posts without an error now fails `validate` (the
 * same check `start` runs first) with the file, the path and the field.
 */
describe('configurations that would silently stop posts', () => {
  it('a playbook naming a channel that is not configured', async () => {
    const { configDir } = configWith({}, (p) => p.replace('channels: [all]', 'channels: [console, x-312]'));
    expect(await problemsOf(configDir)).toEqual([{ file: playbookFile(configDir), path: 'channels[1]', message: expect.stringMatching(/^unknown channel or group "x-312" \(known: console, audit, all\)$/) }]);
  });

  it('a playbook naming a channel by a near miss gets a suggestion', async () => {
    const { configDir } = configWith({}, (p) => p.replace('channels: [all]', 'channels: [consol]'));
    expect(await problemsOf(configDir)).toEqual([{ file: playbookFile(configDir), path: 'channels[0]', message: 'unknown channel or group "consol" (did you mean "console"?)' }]);
  });

  it('a playbook naming a disabled channel (its whole campaign would fail to queue)', async () => {
    const { configDir } = configWith({ 'zz-off.yaml': 'channels:\n  audit: { kind: file, enabled: false }\n' }, (p) => p.replace('channels: [all]', 'channels: [console, audit]'));
    expect(await problemsOf(configDir)).toEqual([{ file: playbookFile(configDir), path: 'channels[1]', message: expect.stringMatching(/channel "audit" is disabled/) }]);
  });

  it('a playbook locale the city does not serve', async () => {
    // Korean is recognised (routed to staff with an interpreter pointer) but not served.
    const { configDir } = configWith({}, (p) => p.replace('channels: [all]', 'channels: [all]\nlocales: [en, ko]'));
    expect(await problemsOf(configDir)).toEqual([{ file: playbookFile(configDir), path: 'locales[1]', message: expect.stringMatching(/"ko" is not (one of|a served language)/) as unknown }]);
  });

  it('a bad cron in a playbook reminder (reminders would never go out)', async () => {
    const { configDir } = configWith({}, (p) => p.replace('cron: "0 7,17 * * *"', 'cron: "0 7,17 * * mon-frii"'));
    expect(await problemsOf(configDir)).toEqual([{ file: playbookFile(configDir), path: 'reminders[0].cron', message: expect.stringMatching(/^"0 7,17 \* \* mon-frii" is not a valid cron expression: /) }]);
  });

  it('a bad cron in schedules', async () => {
    const schedules = 'schedules:\n  - { id: morning, cron: "0 25 * * *", channels: [console], text: "Good morning {date}" }\n';
    const { configDir } = configWith({ 'zz-schedules.yaml': schedules });
    expect(await problemsOf(configDir)).toEqual([{ file: configFile(configDir, 'zz-schedules.yaml'), path: 'schedules[0].cron', message: expect.stringMatching(/^"0 25 \* \* \*" is not a valid cron expression: /) }]);
  });

  it('a schedule posting to a disabled channel, or to one that does not exist', async () => {
    const schedules = 'channels:\n  audit: { kind: file, enabled: false }\nschedules:\n  - { id: evening, cron: "0 17 * * *", channels: [audit, consle], text: "Evening {date}" }\n';
    const { configDir } = configWith({ 'zz-schedules.yaml': schedules });
    expect(await problemsOf(configDir)).toEqual([
      { file: configFile(configDir, 'zz-schedules.yaml'), path: 'schedules[0].channels[0]', message: expect.stringMatching(/channel "audit" is disabled/) },
      { file: configFile(configDir, 'zz-schedules.yaml'), path: 'schedules[0].channels[1]', message: 'unknown channel or group "consle" (did you mean "console"?)' },
    ]);
  });

  it('a typo in a channel option (the default, another account\'s token, would be used)', async () => {
    const channels = 'channels:\n  mastodon-streets:\n    kind: mastodon\n    instance: https://mastodon.example.gov\n    tokenEnvv: MASTODON_STREETS_TOKEN\n';
    const { configDir } = configWith({ 'zz-channels.yaml': channels });
    expect(await problemsOf(configDir)).toEqual([{ file: configFile(configDir, 'zz-channels.yaml'), path: 'channels.mastodon-streets.tokenEnvv', message: 'unknown mastodon option "tokenEnvv" (did you mean "tokenEnv"?)' }]);
  });

  it('an unknown key anywhere in the config, with the closest known key', async () => {
    const { configDir } = configWith({ 'zz-outbox.yaml': 'outbox:\n  leaseMS: 30000\nfeeds:\n  sources:\n    - { id: city, url: "file:x.xml", format: rss, pollSecond: 60 }\n' });
    expect(await problemsOf(configDir)).toEqual([
      { file: configFile(configDir, 'zz-outbox.yaml'), path: 'outbox.leaseMS', message: 'unknown key "leaseMS" (did you mean "leaseMs"?)' },
      { file: configFile(configDir, 'zz-outbox.yaml'), path: 'feeds.sources[0].pollSecond', message: 'unknown key "pollSecond" (did you mean "pollSeconds"?)' },
    ]);
  });

  it('an unknown key in a playbook step', async () => {
    const { configDir } = configWith({}, (p) => p.replace('{ topic: towed, offsetMinutes: 2 }', '{ topic: towed, offsetMinute: 2 }'));
    expect(await problemsOf(configDir)).toEqual([{ file: playbookFile(configDir), path: 'onDeclare[2].offsetMinute', message: 'unknown key "offsetMinute" (did you mean "offsetMinutes"?)' }]);
  });

  it('a fact the 911 texts name missing from the city (a resident in crisis would get no reply)', async () => {
    const { configDir } = configWith({});
    const city = path.join(configDir, 'city.yaml');
    fs.writeFileSync(city, fs.readFileSync(city, 'utf8').replace(/^ {4}crisisLine: .*\n/m, ''));
    const problems = await problemsOf(configDir);
    expect(problems.length).toBeGreaterThan(0);
    // Every served language's crisis-line text is named, each by the file and the field.
    for (const locale of ['en', 'es', 'zh', 'ar']) expect(problems).toContainEqual({ file: 'faq/_urgent.yaml', path: `answers.self_harm.${locale}`, message: expect.stringMatching(/crisisLine/) as unknown });
  });

  it('an environment variable that does not parse, by name', () => {
    const error = (() => {
      try {
        readEnv({ HTTP_PORT: 'abc', LOG_LEVEL: 'loud', REDIS_URL: 'localhost:6379', STORE_TIMEOUT_MS: '5s' });
      } catch (thrown) {
        return thrown;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      { file: 'environment', path: 'HTTP_PORT', message: '"abc" is not a port number (0 to 65535)' },
      { file: 'environment', path: 'STORE_TIMEOUT_MS', message: '"5s" is not a time in milliseconds (100 to 120000)' },
      { file: 'environment', path: 'REDIS_URL', message: '"localhost:6379" is not a Redis URL such as redis://127.0.0.1:6379/0' },
      { file: 'environment', path: 'LOG_LEVEL', message: '"loud" is not one of trace, debug, info, warn, error, fatal, silent' },
    ]);
  });

  it('`start` refuses such a config with the same messages, before opening anything', async () => {
    const { dir, configDir, postsFile } = configWith({}, (p) => p.replace('channels: [all]', 'channels: [x-312]'));
    const stateDir = path.join(dir, 'state');
    const refused = await startService({ env: testEnv(configDir, { STATE_DIR: stateDir }), logger, runtimeDir: path.join(dir, 'run') }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(ConfigError);
    expect((refused as ConfigError).problems).toEqual(await problemsOf(configDir));
    expect(fs.existsSync(stateDir)).toBe(false);
    expect(fs.existsSync(postsFile)).toBe(false);
  });
});

describe('civicast validate and start on the command line', () => {
  const cli = (cwd: string, env: Record<string, string>, ...args: string[]) =>
    spawnSync(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, LOG_FORMAT: 'json', ...env }, encoding: 'utf8', timeout: 120_000 });

  it('validate exits 2 naming file, path and field; start refuses the same way and posts nothing', () => {
    const { dir, configDir, postsFile } = configWith({ 'zz-schedules.yaml': 'schedules:\n  - { id: morning, cron: "61 7 * * *", channels: [console], text: "Good morning {date}" }\n' });
    const validate = cli(dir, { CIVICAST_CONFIG_DIR: configDir }, 'validate');
    expect(validate.status).toBe(2);
    // Paths are shown relative to the working directory, as a person typed them.
    expect(validate.stderr).toContain('config/zz-schedules.yaml: schedules[0].cron: "61 7 * * *" is not a valid cron expression');
    const start = cli(dir, { CIVICAST_CONFIG_DIR: configDir, HTTP_PORT: '0' }, 'start');
    expect(start.status).toBe(2);
    expect(start.stderr).toContain('schedules[0].cron: "61 7 * * *" is not a valid cron expression');
    expect(fs.existsSync(postsFile)).toBe(false);
    expect(fs.existsSync(path.join(dir, 'var', 'state'))).toBe(false);
  });

  it('HTTP_PORT=abc stops start with the variable named, before anything posts', () => {
    const { dir, configDir, postsFile } = makeTestConfig({}, { keepDemoFeed: true });
    const start = cli(dir, { CIVICAST_CONFIG_DIR: configDir, HTTP_PORT: 'abc' }, 'start');
    expect(start.status).toBe(2);
    expect(start.stderr).toContain('environment: HTTP_PORT: "abc" is not a port number (0 to 65535)');
    expect(fs.existsSync(postsFile)).toBe(false);
  });
});
