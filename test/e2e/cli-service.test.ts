import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../support/child-process.js';
import { makeTestConfig } from '../support/test-config.js';

const BIN = path.resolve('bin/civicast.js');

interface Started {
  child: ChildProcess;
  output: () => string;
}

function startCli(cwd: string, env: Record<string, string>): Started {
  let out = '';
  const child = spawn(process.execPath, [BIN, 'start'], { cwd, env: { ...process.env, LOG_FORMAT: 'json', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  return { child, output: () => out };
}

function cli(cwd: string, env: Record<string, string>, ...args: string[]) {
  return spawnSync(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, ...env }, encoding: 'utf8', timeout: 60_000 });
}

const exited = (child: ChildProcess) => new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

describe('civicast start + CLI from a second terminal', () => {
  const running: ChildProcess[] = [];
  afterEach(() => {
    for (const child of running) if (child.exitCode === null) child.kill('SIGKILL');
  });

  it('prints a post sent with `civicast post` on the service console, and drains on SIGTERM', async () => {
    const { dir, configDir } = makeTestConfig();
    const env = { CIVICAST_CONFIG_DIR: configDir, HTTP_PORT: '0' };
    const svc = startCli(dir, env);
    running.push(svc.child);
    await waitFor(() => svc.output().includes('civicast is running'), 60_000, 'service start');

    const post = cli(dir, env, 'post', '--channel', 'console', '--text', 'hello from a second terminal');
    expect(post.stderr).toBe('');
    expect(post.status).toBe(0);
    expect(post.stdout).toMatch(/queued 1 post/);
    await waitFor(() => svc.output().includes('│ hello from a second terminal'), 10_000, 'console output');

    const status = cli(dir, env, 'status', '--json');
    expect(status.status).toBe(0);
    // No STATE_DIR: the embedded store in the default state directory under the working directory.
    expect(JSON.parse(status.stdout)).toMatchObject({ store: { kind: 'sqlite', location: path.join(dir, 'var', 'state', 'civicast.db'), reachable: true } });

    const done = exited(svc.child);
    svc.child.kill('SIGTERM');
    expect(await done).toBe(0);
    expect(svc.output()).toContain('civicast stopped');
  }, 120_000);

  it('explains what to do when no service is running', () => {
    const { dir, configDir } = makeTestConfig();
    const result = cli(dir, { CIVICAST_CONFIG_DIR: configDir }, 'post', '--channel', 'console', '--text', 'x');
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/no running civicast service found \(start one with `npm start`/);
  });

  it('lists every command in --help', () => {
    const result = cli(process.cwd(), {}, '--help');
    expect(result.status).toBe(0);
    for (const command of ['start', 'validate', 'status', 'post', 'schedule', 'outbox', 'audit', 'pause', 'resume', 'emergency', 'inbox', 'ask', 'faq', 'records', 'feeds', 'preview', 'backup']) {
      expect(result.stdout).toMatch(new RegExp(`\\n  ${command}\\b`));
    }
  });
});
