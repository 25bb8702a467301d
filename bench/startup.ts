import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mib, ms, percentile } from './stats.js';
import type { BenchRow } from './bench-row.js';

function rssOf(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb * 1024;
}

/**
 * Seconds after start when RSS is read again: V8 hands back the pages start-up left free only
 * after a few seconds without work (on this machine, ~10 MiB between 8 and 15 s).
 */
const SETTLED_SECONDS = 30;

/** Start-up time of `civicast start` (to "running", HTTP listening) and RSS 3 s and 30 s after start, idle. */
export async function benchStartup(runs = 5): Promise<BenchRow[]> {
  const times: number[] = [];
  const rss: number[] = [];
  const settled: number[] = [];
  /** What bin/civicast.js said it ran: the compiled build when it is fresh, else the sources. */
  let ran = 'unknown';
  for (let i = 0; i < runs; i++) {
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'civicast-bench-'));
    const started = performance.now();
    const child = spawn(process.execPath, [path.resolve('bin/civicast.js'), 'start'], {
      cwd,
      env: { ...process.env, CIVICAST_CONFIG_DIR: path.resolve('config'), HTTP_PORT: '0', LOG_FORMAT: 'json', LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stderr.on('data', (d: Buffer) => {
      const said = /running the (compiled build|TypeScript sources)/.exec(d.toString());
      if (said !== null) ran = said[1] === 'compiled build' ? 'compiled build, dist/' : 'TypeScript sources via tsx';
    });
    await new Promise<void>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('civicast is running')) resolve();
      });
      child.once('exit', (code) => reject(new Error(`exited ${code}: ${out.slice(-500)}`)));
    });
    times.push(performance.now() - started);
    await new Promise((r) => setTimeout(r, 3000));
    rss.push(rssOf(child.pid as number));
    await new Promise((r) => setTimeout(r, (SETTLED_SECONDS - 3) * 1000));
    settled.push(rssOf(child.pid as number));
    child.removeAllListeners('exit');
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  }
  return [
    { name: `start-up to HTTP ready (${ran})`, value: `p50 ${ms(percentile(times, 50))}`, note: `max ${ms(Math.max(...times))}, ${runs} runs` },
    { name: `RSS 3 s after start (embedded store, demo config, ${ran})`, value: mib(percentile(rss, 50)), note: `max ${mib(Math.max(...rss))}` },
    { name: `idle RSS ${SETTLED_SECONDS} s after start (same)`, value: mib(percentile(settled, 50)), note: `max ${mib(Math.max(...settled))}; V8 has handed back what start-up left free` },
  ];
}
