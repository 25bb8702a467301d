import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const BIN = path.resolve('bin/civicast.js');
const QUESTIONS = ['khi nào xe ủi tuyết dọn đường nhà tôi?', '¿cuándo pasan las quitanieves por mi calle?', 'nhà tôi có người bất tỉnh, không thở được'];
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

/** `civicast ask --jsonl` on a copy of the shipped config with `sendUnreviewed` set, no service running. */
async function ask(sendUnreviewed: boolean): Promise<Record<string, unknown>[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'civicast-ask-'));
  dirs.push(dir);
  const configDir = path.join(dir, 'config');
  fs.cpSync(path.resolve('config'), configDir, { recursive: true });
  const city = path.join(configDir, 'city.yaml');
  fs.writeFileSync(city, fs.readFileSync(city, 'utf8').replace(/sendUnreviewed: true/, `sendUnreviewed: ${sendUnreviewed}`));
  // No running service is found (none in this directory, none named): the answers are the files' and this config's.
  const { CIVICAST_URL: _url, ADMIN_TOKEN: _token, STAFF_TOKEN: _staff, ...inherited } = process.env;
  const env = { ...inherited, CIVICAST_CONFIG_DIR: configDir, LOG_LEVEL: 'silent' };
  const asking = run(process.execPath, [BIN, 'ask', '--jsonl', '--emergency', 'none'], { env, cwd: dir, encoding: 'utf8', timeout: 240_000 });
  asking.child.stdin?.end(QUESTIONS.join('\n') + '\n');
  const { stdout } = await asking;
  return stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('civicast ask --jsonl and unreviewed answers', () => {
  it('answers with the drafts while sendUnreviewed is on, and says why it holds them back while it is off', async () => {
    const [on, off] = await Promise.all([ask(true), ask(false)]);
    expect(on[0]).toMatchObject({ kind: 'answer', topic: 'snow.plowing', locale: 'vi' });
    expect(on[0]).not.toHaveProperty('withheld');
    expect(off[0]).toMatchObject({ kind: 'handoff', topic: null, locale: 'vi', reply: null, withheld: 'faq:snow.plowing/default (vi) is draft, not reviewed, and city.translations.sendUnreviewed is off' });
    // Reviewed Spanish and the 911 reply are the same either way.
    for (const rows of [on, off]) {
      expect(rows[1]).toMatchObject({ kind: 'answer', locale: 'es' });
      expect(rows[2]).toMatchObject({ kind: 'urgent', locale: 'vi' });
      expect(rows[2]?.['reply']).toMatch(/911/);
    }
  }, 300_000);
});
