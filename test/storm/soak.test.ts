import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { sleep, waitFor } from '../support/child-process.js';
import { redisAvailable } from '../support/redis-server.js';
import { burst, questionPool, type Sent } from './support/load.js';
import { StormHarness, waitForFinal, type ServiceChild } from './support/storm-harness.js';
import { FULL, size } from './storm-size.js';

const DURATION_MS = size(45_000, 600_000);
const RATE_PER_S = size(6, 10);

/** Resident set size of a process in bytes (the service child, so the fakes' growth does not count). */
function rssOf(pid: number | undefined): number {
  try {
    const status = fs.readFileSync(`/proc/${pid ?? 'self'}/status`, 'utf8');
    const kb = /VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1];
    if (kb !== undefined) return Number(kb) * 1024;
  } catch {
    // not Linux: fall through
  }
  return process.memoryUsage().rss;
}

/** Redis keys of the storm prefix grouped by kind (post:, seen:, slot:, everything else). */
async function keyKinds(h: StormHarness): Promise<Record<'post' | 'seen' | 'slot' | 'other' | 'total', number>> {
  const out = { post: 0, seen: 0, slot: 0, other: 0, total: 0 };
  const client = h.redisClient();
  let cursor = '0';
  do {
    const [next, keys] = await client.scan(cursor, 'COUNT', 1000);
    cursor = next;
    for (const key of keys) {
      const rest = key.startsWith(h.prefix) ? key.slice(h.prefix.length) : key;
      const kind = rest.startsWith('post:') ? 'post' : rest.startsWith('seen:') ? 'seen' : rest.startsWith('slot:') ? 'slot' : 'other';
      out[kind] += 1;
      out.total += 1;
    }
  } while (cursor !== '0');
  return out;
}

describe.skipIf(!redisAvailable())(`soak: ${DURATION_MS / 1000} s of steady mentions and scheduled posts`, () => {
  let harness: StormHarness;
  afterAll(async () => {
    await harness?.close();
  });

  it('keeps Redis keys within what the traffic and retention allow, and the service RSS bounded', async () => {
    harness = await StormHarness.start();
    const h = harness;
    const svc: ServiceChild = await h.spawnService('soak');
    const pool = await questionPool(h, svc.url);
    // Mastodon and Bluesky only: the recurring schedule repeats one text every 5 s, which X
    // refuses as duplicate content (a known limit of plain-text schedules on X).
    const channels = h.channels.filter((c) => !c.startsWith('x-'));
    await h.api(svc.url, 'POST', '/api/schedules', { id: 'soak-tick', cron: '*/5 * * * * *', channels, text: 'Soak test: scheduled service notice.' });

    const sent: Sent[] = [];
    const started = Date.now();
    let warm: { at: number; keys: Awaited<ReturnType<typeof keyCounts>>; rss: number; posts: number; messages: number } | undefined;
    const keyCounts = () => keyKinds(h);
    const chunkMs = 5_000;
    while (Date.now() - started < DURATION_MS) {
      sent.push(...(await burst(h, { channels, total: Math.round((RATE_PER_S * chunkMs) / 1000), durationMs: chunkMs, pool, seed: sent.length + 1 })));
      if (warm === undefined && Date.now() - started >= DURATION_MS / 3) {
        warm = { at: Date.now(), keys: await keyCounts(), rss: rssOf(svc.child.pid), posts: (await h.allPosts()).length, messages: sent.length };
      }
    }
    // Let the last replies go out, then sample again.
    const needsReply = sent.filter((m) => m.kind !== 'handoff');
    const replyIds = new Set(needsReply.map((m) => `reply:${m.channel}:${m.id}`));
    await waitFor(async () => (await h.allPosts()).filter((p) => replyIds.has(p.id)).length >= replyIds.size, 60_000, 'replies queued');
    await waitForFinal(h, (p) => replyIds.has(p.id), replyIds.size, 120_000, 'replies final');
    await sleep(1_000);
    const end = { keys: await keyCounts(), rss: rssOf(svc.child.pid), posts: (await h.allPosts()).length, messages: sent.length };
    if (warm === undefined) throw new Error('no warm-up sample');

    const newPosts = end.posts - warm.posts;
    const newMessages = end.messages - warm.messages;
    const scheduled = (await h.allPosts()).filter((p) => p.source === 'schedule:soak-tick' || p.id.includes('soak-tick'));
    console.log(
      `[storm] soak ${(DURATION_MS / 1000).toFixed(0)} s at ${RATE_PER_S}/s: ${sent.length} mentions, ${end.posts} outbox posts (${scheduled.length} scheduled); ` +
        `keys warm ${JSON.stringify(warm.keys)} → end ${JSON.stringify(end.keys)} (+${newPosts} posts, +${newMessages} messages since warm-up); ` +
        `service RSS warm ${(warm.rss / 1_048_576).toFixed(1)} MiB → end ${(end.rss / 1_048_576).toFixed(1)} MiB (${(((end.rss - warm.rss) / warm.rss) * 100).toFixed(1)}%)`,
    );

    // Exactly once still holds after the soak.
    const problems = await h.verifyExactlyOnce();
    for (const m of needsReply) if (h.repliesTo(m.channel, m.id) !== 1) problems.push(`${m.channel}:${m.id} answered ${h.repliesTo(m.channel, m.id)} times`);
    expect(problems).toEqual([]);
    expect(scheduled.length).toBeGreaterThanOrEqual(channels.length * 2);

    // Keys: final posts are kept for retentionDays (≥ 1 day), so within a soak every post and every
    // message legitimately adds keys. What must not happen is growth beyond one key per post
    // (post:), one dedupe marker per message (seen:), a bounded number of rate/thread windows per
    // message (slot:), and any growth at all in the fixed keys (sets, hashes, counters, leases).
    // Checked against totals (not deltas) so processing lag at the warm-up sample cannot skew it.
    expect(end.keys.post).toBeLessThanOrEqual(end.posts);
    expect(end.keys.seen).toBeLessThanOrEqual(end.messages);
    expect(end.keys.slot).toBeLessThanOrEqual(end.messages + 10 * channels.length);
    expect(end.keys.other - warm.keys.other).toBeLessThanOrEqual(5);
    expect(end.keys.total - warm.keys.total).toBeLessThanOrEqual(newPosts + 2 * newMessages + 10 * channels.length + 5);
    // RSS of the service process: generous in reduced mode (GC timing dominates a short run).
    expect(end.rss).toBeLessThanOrEqual(warm.rss * (FULL ? 1.1 : 1.5));
  }, DURATION_MS + 240_000);
});
