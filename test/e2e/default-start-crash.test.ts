import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { readFileRecords } from '../../src/channels/file/file-channel.js';
import type { Emergency } from '../../src/domain/emergency.js';
import type { AuditEntry } from '../../src/domain/audit.js';
import type { Post } from '../../src/domain/post.js';
import type { ServiceStatus } from '../../src/status/service-status.js';
import { killHard, sleep, waitFor } from '../support/child-process.js';

const BIN = path.resolve('bin/civicast.js');

/** The environment of a fresh clone's `npm start`: no STATE_DIR, no Redis, no config dir, no credentials. */
function defaultEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value === undefined || /^(STATE_DIR|REDIS_URL|REDIS_PREFIX|CIVICAST_|ADMIN_TOKEN|INSTANCE_ID|STORE_TIMEOUT_MS)/.test(name)) continue;
    env[name] = value;
  }
  // Port 0: a free port (the CLI finds it in .civicast/admin.json, as it does for a fixed one).
  return { ...env, HTTP_PORT: '0', LOG_FORMAT: 'json', LOG_LEVEL: 'info' };
}

interface Running {
  child: ChildProcess;
  output: () => string;
}

/** `npm start` in `cwd` (what it runs: bin/civicast.js start), until it logs that it runs. */
async function npmStart(cwd: string): Promise<Running> {
  let out = '';
  const child = spawn(process.execPath, [BIN, 'start'], { cwd, env: defaultEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  await waitFor(() => out.includes('civicast is running') || child.exitCode !== null, 90_000, 'civicast start');
  if (child.exitCode !== null) throw new Error(`civicast start exited ${child.exitCode}: ${out.slice(-2000)}`);
  return { child, output: () => out };
}

/** The admin API of the service running in `cwd`, found the way the CLI finds it. */
async function api<T>(cwd: string, route: string, method = 'GET'): Promise<T> {
  const { url, token } = JSON.parse(fs.readFileSync(path.join(cwd, '.civicast', 'admin.json'), 'utf8')) as { url: string; token: string };
  const response = await fetch(new URL(route, url), { method, headers: { authorization: `Bearer ${token}`, ...(method === 'POST' ? { 'content-type': 'application/json' } : {}) }, ...(method === 'POST' ? { body: '{}' } : {}) });
  if (!response.ok) throw new Error(`${method} ${route}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

const counts = (keys: string[]) => {
  const seen = new Map<string, number>();
  for (const key of keys) seen.set(key, (seen.get(key) ?? 0) + 1);
  return seen;
};

/**
 * The first finding, as a test: a fresh clone's `npm start` (no STATE_DIR, no Redis) with
 * the bundled demo feed declares a snow emergency whose campaign posts its first topics at once and the
 * rest over the next ten minutes. Killed with SIGKILL mid-campaign and restarted, it must keep the
 * pause, declare nothing again, send nothing again and lose nothing.
 */
describe('the default `npm start` configuration, killed with SIGKILL mid-campaign', () => {
  const children: ChildProcess[] = [];
  afterEach(async () => {
    for (const child of children) await killHard(child);
  });

  it('keeps the pause, declares nothing again, sends nothing again and loses nothing', async () => {
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'civicast-clone-'));
    fs.cpSync(path.resolve('config'), path.join(cwd, 'config'), { recursive: true });
    const postsFile = path.join(cwd, 'var', 'posts.jsonl');
    // The demo campaign: 2 topics at once and 6 later, in every served language, on 2 channels.
    const languages = loadConfig(path.join(cwd, 'config')).config.city.languages.served.length;
    const atOnce = 2 * languages * 2;

    // 1. First start: the demo feed declares; killed as soon as the first post is out.
    const first = await npmStart(cwd);
    children.push(first.child);
    expect(first.output()).toContain(`state directory ${path.join(cwd, 'var', 'state')} created`);
    await waitFor(() => fs.existsSync(postsFile) && readFileRecords(postsFile).length >= 1, 60_000, 'the first campaign post');
    await killHard(first.child);

    // 2. Restart: the posts due now go out once each, the rest stay queued.
    const second = await npmStart(cwd);
    children.push(second.child);
    expect(second.output()).not.toContain(`state directory ${path.join(cwd, 'var', 'state')} created`);
    expect(second.output()).toContain(`state directory ${path.join(cwd, 'var', 'state')}`);
    await waitFor(async () => (await api<ServiceStatus>(cwd, '/api/status')).outbox.counts.sent === atOnce, 60_000, 'the posts due at once');
    const emergencies = await api<Emergency[]>(cwd, '/api/emergencies');
    expect(emergencies.map((e) => [e.type, e.status])).toEqual([['snow', 'active']]);
    const pendingBefore = (await api<Post[]>(cwd, '/api/outbox?status=pending&limit=1000')).map((p) => `${p.id}@${p.dueAt}`).sort();
    expect(pendingBefore).toHaveLength(3 * atOnce);
    await api(cwd, '/api/pause', 'POST');
    await killHard(second.child);

    // 3. Restart again: still paused, still one emergency, nothing sent twice, nothing missing.
    const third = await npmStart(cwd);
    children.push(third.child);
    const status = await api<ServiceStatus>(cwd, '/api/status');
    expect(status.paused).toMatchObject({ paused: true, by: 'service:local-admin' });
    expect(status.store).toMatchObject({ kind: 'sqlite', location: path.join(cwd, 'var', 'state', 'civicast.db'), reachable: true });
    const cli = spawnSync(process.execPath, [BIN, 'status'], { cwd, env: defaultEnv(), encoding: 'utf8', timeout: 60_000 });
    expect(cli.stdout).toMatch(/posting\s+PAUSED by service:local-admin/);
    expect(cli.stdout).toContain(path.join(cwd, 'var', 'state', 'civicast.db'));
    // Give the dispatcher and the demo feed time to do anything they (wrongly) would.
    await sleep(3_000);
    const again = await api<ServiceStatus>(cwd, '/api/status');
    expect(again.outbox.counts).toMatchObject({ sent: atOnce, pending: 3 * atOnce, claimed: 0, attempting: 0, failed: 0 });
    expect((await api<Post[]>(cwd, '/api/outbox?status=pending&limit=1000')).map((p) => `${p.id}@${p.dueAt}`).sort()).toEqual(pendingBefore);
    expect((await api<Emergency[]>(cwd, '/api/emergencies')).map((e) => e.id)).toEqual(emergencies.map((e) => e.id));
    const audit = await api<AuditEntry[]>(cwd, '/api/audit?n=10000');
    expect(audit.filter((e) => e.action === 'emergency.declare')).toHaveLength(1);
    const keys = readFileRecords(postsFile).map((r) => r.key);
    expect([...counts(keys)].filter(([, n]) => n > 1)).toEqual([]);
    expect(new Set(keys).size).toBe(atOnce / 2); // 2 topics × every language on the file channel; the rest went to the console
    expect(readFileRecords(postsFile)).toHaveLength(atOnce / 2);
  }, 300_000);
});
