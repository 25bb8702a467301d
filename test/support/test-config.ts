import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readEnv, type Env } from '../../src/config/env.js';

/**
 * A private copy of the shipped config for one test: the file channel writes into the test's own
 * directory, feeds other than the demo are untouched, and extra YAML can be added.
 */
export function makeTestConfig(extra: Record<string, string> = {}): { dir: string; configDir: string; postsFile: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'civicast-svc-'));
  const configDir = path.join(dir, 'config');
  fs.cpSync(path.resolve('config'), configDir, { recursive: true });
  const postsFile = path.join(dir, 'posts.jsonl');
  const channels = fs.readFileSync(path.join(configDir, 'channels.yaml'), 'utf8').replace('path: var/posts.jsonl', `path: ${postsFile}`);
  fs.writeFileSync(path.join(configDir, 'channels.yaml'), channels);
  for (const [name, text] of Object.entries(extra)) fs.writeFileSync(path.join(configDir, name), text);
  return { dir, configDir, postsFile };
}

export function testEnv(configDir: string, vars: Record<string, string> = {}): Env {
  return readEnv({ CIVICAST_CONFIG_DIR: configDir, LOG_LEVEL: 'silent', LOG_FORMAT: 'json', HTTP_PORT: '0', ...vars });
}
