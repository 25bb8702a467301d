/**
 * Storm benchmarks on the storm-test harness: real redis-server, the `civicast start` service as a
 * child process, and loopback X / Mastodon / Bluesky / Discord fakes (5 accounts each). The
 * fan-out over all seven platforms is its own section (bench/fan-out.ts).
 *   (b) inbound pipeline through Redis: ~2000 mentions, throughput and arrival → reply p50/p99
 *   (c) the service's peak RSS while (b) runs
 * and, in its own section, danger first under platform limits (10,000 mentions in 60 s, 1% danger).
 */
import fs from 'node:fs';
import type { BenchRow } from './bench-row.js';
import { mib, ms, percentile } from './stats.js';
import { waitFor } from '../test/support/child-process.js';
import { burst, questionPool } from '../test/storm/support/load.js';
import { runDangerStorm } from '../test/storm/support/danger-storm.js';
import { StormHarness, waitForFinal } from '../test/storm/support/storm-harness.js';

const ACCOUNTS = 5;
const MENTIONS = 2_000;

function rssOf(pid: number | undefined): number {
  try {
    const kb = /VmRSS:\s+(\d+)\s+kB/.exec(fs.readFileSync(`/proc/${pid ?? 'self'}/status`, 'utf8'))?.[1];
    if (kb !== undefined) return Number(kb) * 1024;
  } catch {
    // not Linux
  }
  return Number.NaN;
}

export async function benchStorm(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  // X's posting window is lifted: 2000 mentions exceed 300 per 15 minutes per account.
  const h = await StormHarness.start({ accounts: { x: ACCOUNTS, mastodon: ACCOUNTS, bluesky: ACCOUNTS, discord: ACCOUNTS, facebook: 0, threads: 0 }, fakeLimits: { xPosts: { limit: 1_000_000, windowSeconds: 900 } } });
  try {
    const svc = await h.spawnService('bench');
    const pool = await questionPool(h, svc.url);

    // (b) + (c) inbound pipeline on the polled platforms: X, Mastodon and Bluesky.
    const channels = h.channels.filter((c) => !c.startsWith('discord-'));
    const baseRss = rssOf(svc.child.pid);
    let peakRss = baseRss;
    const sampler = setInterval(() => {
      peakRss = Math.max(peakRss, rssOf(svc.child.pid));
    }, 250);
    const started = Date.now();
    const sent = await burst(h, { channels, total: MENTIONS, durationMs: 5_000, pool });
    const needsReply = sent.filter((m) => m.kind !== 'handoff');
    const ids = new Set(needsReply.map((m) => `reply:${m.channel}:${m.id}`));
    await waitFor(async () => (await h.allPosts()).filter((p) => ids.has(p.id)).length >= ids.size, 600_000, 'replies queued');
    await waitForFinal(h, (p) => ids.has(p.id), ids.size, 600_000, 'replies final');
    clearInterval(sampler);
    const byTarget = new Map<string, number>();
    for (const channel of channels) for (const a of h.accepted(channel)) if (a.replyTo !== undefined) byTarget.set(`${channel}:${a.replyTo}`, a.at);
    const latencies = needsReply.map((m) => (byTarget.get(`${m.channel}:${m.id}`) ?? Number.NaN) - m.createdAt).filter((v) => Number.isFinite(v));
    const lastReply = Math.max(...needsReply.map((m) => byTarget.get(`${m.channel}:${m.id}`) ?? 0));
    const seconds = (lastReply - started) / 1000;
    rows.push({ name: `inbound: ${sent.length} mentions → ${latencies.length} replies through Redis`, value: `${(sent.length / seconds).toFixed(0)} mentions/s`, note: `${(latencies.length / seconds).toFixed(0)} replies/s over ${seconds.toFixed(1)} s, ${channels.length} accounts (X + Mastodon + Bluesky), 1 s polls` });
    rows.push({ name: 'inbound: mention created → reply accepted', value: `p50 ${ms(percentile(latencies, 50))}, p99 ${ms(percentile(latencies, 99))}`, note: 'fake clocks: mention creation to the fake accepting the reply; includes up to 1 s of polling' });
    rows.push({ name: 'inbound: service RSS under load', value: mib(peakRss), note: `peak of the civicast child process (idle after fan-out: ${mib(baseRss)})` });
  } finally {
    await h.close();
  }
  return rows;
}

/**
 * Issue 16's storm: 10,000 mentions in 60 s, 1% reporting danger, 3 accounts on each of X,
 * Mastodon and Bluesky whose fakes enforce a posting window, during a snow campaign.
 */
export async function benchDangerStorm(): Promise<BenchRow[]> {
  const r = await runDangerStorm({ total: 10_000, durationMs: 60_000, accountsPerPlatform: 3, mix: { urgent: 0.01, answer: 0.69, handoff: 0.3 }, perMinute: 300, dangerReserveShare: 0.1, timeoutMs: 1_200_000 });
  if (r.problems.length > 0) process.stderr.write(`danger storm problems:\n${r.problems.slice(0, 20).join('\n')}\n`);
  const setting = `${r.sent} mentions in ${r.generatedSeconds.toFixed(0)} s (${r.expected.urgent} danger), ${r.channels} accounts, limit 300/min each with a 10% danger reserve, fakes enforce 600/min; civicast start as a child process on Redis`;
  return [
    { name: 'danger storm: danger mention → reply accepted (rate-limit waits included)', value: `p99 ${ms(r.danger.p99)}`, note: `${setting}; p50 ${ms(r.danger.p50)}, max ${ms(r.danger.max)}; mention → reply queued p50 ${ms(r.dangerIntake.p50)}, p99 ${ms(r.dangerIntake.p99)}; queued → accepted p50 ${ms(r.dangerDispatch.p50)}, p99 ${ms(r.dangerDispatch.p99)}; answers p50 ${ms(r.answers.p50)}, p99 ${ms(r.answers.p99)} (held back by the limit)` },
    {
      name: 'danger storm: precedence and counts',
      value: `${r.overtaken} overtaken, ${r.problems.length} problems`,
      note: `answers to later mentions sent before a danger reply: ${r.overtaken}; at most ${r.maxAnsweredWhileDangerWaited} answers to earlier mentions went out between a danger mention and its reply (mention polling included); every reply sent once and counted once: ${r.problems.length === 0 ? 'yes' : 'NO'}; all ${r.expected.answer + r.expected.urgent} replies out after ${r.drainedSeconds.toFixed(0)} s; ${r.platform429} platform 429s`,
    },
  ];
}

// `tsx bench/storm.ts` runs it alone.
if (process.argv[1]?.endsWith('storm.ts') === true) {
  for (const row of await benchStorm()) process.stdout.write(`${row.name}: ${row.value}${row.note === undefined ? '' : ` (${row.note})`}\n`);
}
