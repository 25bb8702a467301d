/**
 * Finding 1: the public pages under 10,000 anonymous requests keep the process's memory bounded.
 * Measured as the RSS of a real `civicast start` child process (ICU's formatters live outside
 * the JS heap, so heap numbers would miss exactly what grew).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { killHard, waitFor } from '../../support/child-process.js';
import { makeTestConfig } from '../../support/test-config.js';

const TOKEN = 'memory-test-token-0123456789';
const REQUESTS = 10_000;
/** Growth allowed after warm-up; the leak grew the process by ~850 MiB per 4,000 /status requests. */
const MAX_GROWTH_MIB = 64;

const rssMiB = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN) / 1024;

describe('finding 1: public pages under load', () => {
  let child: ChildProcess;
  let url = '';
  beforeAll(async () => {
    const { dir, configDir } = makeTestConfig({ 'zz-memory.yaml': 'channels:\n  console: { kind: console, enabled: false }\n' });
    child = spawn(process.execPath, [path.resolve('bin/civicast.js'), 'start'], {
      cwd: dir,
      env: { ...process.env, CIVICAST_FROM_SOURCE: '1', CIVICAST_CONFIG_DIR: configDir, HTTP_PORT: '0', ADMIN_TOKEN: TOKEN, LOG_LEVEL: 'warn', LOG_FORMAT: 'json' },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const runtime = path.join(dir, '.civicast', 'admin.json');
    await waitFor(() => fs.existsSync(runtime), 60_000, 'the service to start');
    url = (JSON.parse(fs.readFileSync(runtime, 'utf8')) as { url: string }).url;
    const declared = await fetch(`${url}/api/emergencies`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify({ type: 'snow', params: { trashDelayDays: 1 } }) });
    expect(declared.status).toBe(201);
    // Let the campaign's first posts go out, so every page has dates and posts to render.
    await waitFor(async () => ((await (await fetch(`${url}/status.json`)).json()) as { posts: unknown[] }).posts.length > 0, 30_000, 'campaign posts on the public page');
    // Then hold the rest of the campaign (ten languages of posts): what is measured is what
    // requests leave behind, not the state the campaign adds meanwhile.
    const paused = await fetch(`${url}/api/pause`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(paused.status).toBeLessThan(300);
  }, 120_000);
  afterAll(async () => {
    if (child !== undefined) await killHard(child);
  });

  it(`stays within ${MAX_GROWTH_MIB} MiB over ${REQUESTS} requests to every public page`, async () => {
    const capId = ((await (await fetch(`${url}/status.json`)).json()) as { emergencies: { id: string }[] }).emergencies[0]?.id ?? 'none';
    const pages = ['/status?lang=en', '/status?lang=es', '/status', '/status.json', '/feed.atom', '/cap.atom', `/cap/${capId}.xml`];
    const hit = async (count: number) => {
      let next = 0;
      await Promise.all(
        Array.from({ length: 16 }, async () => {
          while (next < count) {
            const page = pages[next++ % pages.length] as string;
            const response = await fetch(url + page, { headers: { 'accept-language': 'es' } });
            await response.arrayBuffer();
            if (response.status !== 200) throw new Error(`${page}: ${response.status}`);
          }
        }),
      );
    };
    await hit(2000);
    const before = rssMiB(child.pid as number);
    await hit(REQUESTS);
    const after = rssMiB(child.pid as number);
    process.stdout.write(`public pages: RSS ${before.toFixed(1)} MiB → ${after.toFixed(1)} MiB over ${REQUESTS} requests\n`);
    expect(after - before).toBeLessThan(MAX_GROWTH_MIB);
  }, 300_000);
});
