import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateChannelOptions } from '../../src/config/channel-options.js';
import { ConfigError } from '../../src/config/config-error.js';
import { loadConfig } from '../../src/config/load-config.js';

const REPO_CONFIG = path.resolve('config');

/** A copy of the shipped config with some files replaced or added. */
function configWith(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'civicast-config-'));
  fs.cpSync(REPO_CONFIG, dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

function problemsOf(dir: string): string {
  try {
    const loaded = loadConfig(dir);
    validateChannelOptions(loaded);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message;
  }
  throw new Error('expected the configuration to be rejected');
}

describe('loadConfig', () => {
  it('loads, types and freezes the shipped configuration', () => {
    const { config } = loadConfig(REPO_CONFIG);
    expect(config.city.timeZone).toBe('America/New_York');
    expect(config.channels['console']?.kind).toBe('console');
    expect(config.outbox.leaseMs).toBeGreaterThan(0);
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.channels)).toBe(true);
    expect(() => {
      (config.city as { name: string }).name = 'x';
    }).toThrow();
  });

  it('names file, path and field for a wrong type', () => {
    const dir = configWith({ 'zz-override.yaml': 'outbox:\n  leaseMs: soon\n' });
    expect(problemsOf(dir)).toMatch(/zz-override\.yaml: outbox\.leaseMs: .*expected number, received string/);
  });

  it('refuses a proxy entry fastify could not use, naming the entry', () => {
    const dir = configWith({ 'zz-http.yaml': 'http:\n  trustProxy: ["10.0.0.0/8", "my-proxy.local"]\n' });
    expect(problemsOf(dir)).toMatch(/zz-http\.yaml: http\.trustProxy\[1\]: .*CIDR/);
    expect(loadConfig(configWith({ 'zz-http.yaml': 'http:\n  trustProxy: ["10.0.0.0/8", "::1", "loopback"]\n' })).config.http.trustProxy).toEqual(['10.0.0.0/8', '::1', 'loopback']);
  });

  it('names the file of a misspelt field, the field, and the field it probably meant', () => {
    const dir = configWith({ 'service.yaml': 'replies:\n  treshold: 0.5\n' });
    expect(problemsOf(dir)).toMatch(/service\.yaml: replies\.treshold: unknown key "treshold" \(did you mean "threshold"\?\)/);
  });

  it('reports an unknown time zone with what was expected', () => {
    const dir = configWith({ 'city.yaml': fs.readFileSync(path.join(REPO_CONFIG, 'city.yaml'), 'utf8').replace('America/New_York', 'Philly/Standard') });
    expect(problemsOf(dir)).toMatch(/city\.yaml: city\.timeZone: an IANA time zone/);
  });

  it('reports YAML syntax errors with the file', () => {
    const dir = configWith({ 'channels.yaml': 'channels:\n  console: {kind: console\n' });
    expect(problemsOf(dir)).toMatch(/channels\.yaml: \(top level\): YAML syntax/);
  });

  it('reports an unknown channel kind and an adapter option error under the channel path', () => {
    const dir = configWith({ 'channels.yaml': 'channels:\n  console:\n    kind: fax\n' });
    // The kinds come from the channel registry, never from a list in the config schema.
    expect(problemsOf(dir)).toMatch(/channels\.yaml: channels\.console\.kind: channel kind "fax" is not available in this build \(known: console, file, /);
    const dir2 = configWith({ 'channels.yaml': 'channels:\n  audit:\n    kind: file\n' });
    expect(problemsOf(dir2)).toMatch(/channels\.yaml: channels\.audit\.path: .*expected string, received undefined/);
  });

  it('reports a group that names an unknown channel, and a default locale outside the locales', () => {
    const dir = configWith({ 'groups.yaml': 'channelGroups:\n  departments: [console, x-streets]\n' });
    expect(problemsOf(dir)).toMatch(/groups\.yaml: channelGroups\.departments\[1\]: unknown channel "x-streets"/);
    const city = fs.readFileSync(path.join(REPO_CONFIG, 'city.yaml'), 'utf8').replace('defaultLocale: en', 'defaultLocale: ko');
    expect(problemsOf(configWith({ 'city.yaml': city }))).toMatch(/city\.yaml: city\.defaultLocale: "ko" is not one of city\.languages\.served/);
  });

  it('reports an emergency reserve above the daily budget and a danger share out of range, naming each field', () => {
    const dir = configWith({ 'zz.yaml': 'channels:\n  console:\n    budget: { perDay: 5, reserveForEmergency: 6 }\n    dangerReserveShare: 0.9\n' });
    const problems = problemsOf(dir);
    expect(problems).toMatch(/zz\.yaml: channels\.console\.budget\.reserveForEmergency: must not be more than budget\.perDay/);
    expect(problems).toMatch(/zz\.yaml: channels\.console\.dangerReserveShare: .*expected number to be <=0\.5/);
  });

  it('reports a negative budget with the channel path', () => {
    const dir = configWith({ 'zz.yaml': 'channels:\n  console:\n    budget: { perDay: -1 }\n' });
    expect(problemsOf(dir)).toMatch(/zz\.yaml: channels\.console\.budget\.perDay: .*expected number to be >0/);
  });
});
