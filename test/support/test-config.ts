import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readEnv, type Env } from '../../src/config/env.js';

/**
 * A private copy of the shipped config for one test: the file channel writes into the test's own
 * directory, the bundled demo feed is switched off (it would declare a snow emergency on its own
 * schedule and race the test's own declarations) unless `keepDemoFeed`, and extra YAML can be added.
 */
export function makeTestConfig(
  extra: Record<string, string> = {},
  options: { keepDemoFeed?: boolean } = {},
): { dir: string; configDir: string; postsFile: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'civicast-svc-'));
  const configDir = path.join(dir, 'config');
  fs.cpSync(path.resolve('config'), configDir, { recursive: true });
  const postsFile = path.join(dir, 'posts.jsonl');
  const channels = fs.readFileSync(path.join(configDir, 'channels.yaml'), 'utf8').replace('path: var/posts.jsonl', `path: ${postsFile}`);
  fs.writeFileSync(path.join(configDir, 'channels.yaml'), channels);
  if (!options.keepDemoFeed) {
    const feedsFile = path.join(configDir, 'feeds.yaml');
    const demoLine = '      url: file:config/demo/snow-emergency.xml\n';
    const feeds = fs.readFileSync(feedsFile, 'utf8');
    if (!feeds.includes(demoLine)) throw new Error('test-config: the demo feed source moved; update makeTestConfig');
    fs.writeFileSync(feedsFile, feeds.replace(demoLine, `${demoLine}      enabled: false\n`));
  }
  for (const [name, text] of Object.entries(extra)) fs.writeFileSync(path.join(configDir, name), text);
  return { dir, configDir, postsFile };
}

/** The environment of a service in a test: its own config, port 0, and state in memory unless STATE_DIR is given. */
export function testEnv(configDir: string, vars: Record<string, string> = {}): Env {
  return readEnv({ CIVICAST_CONFIG_DIR: configDir, LOG_LEVEL: 'silent', LOG_FORMAT: 'json', HTTP_PORT: '0', STATE_DIR: ':memory:', ...vars });
}
