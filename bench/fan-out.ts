/**
 * Fan-out benchmark on the storm harness: real redis-server, the `civicast start` service as a
 * child process, and loopback fakes of all seven platforms with 5 accounts each (X, Mastodon,
 * Bluesky, Discord, Facebook Pages, Instagram, Threads). One snow declaration; every first post
 * (each account × each locale) is timed from the declaration to the platform accepting it.
 * Instagram's posts are image cards rendered by the service and downloaded from it.
 */
import type { BenchRow } from './bench-row.js';
import { ms, percentile } from './stats.js';
import { waitFor } from '../test/support/child-process.js';
import { StormHarness, waitForFinal, type Platform } from '../test/storm/support/storm-harness.js';

const ACCOUNTS = 5;
const PLATFORMS: Platform[] = ['x', 'mastodon', 'bluesky', 'discord', 'facebook', 'instagram', 'threads'];
const LOCALES = ['en', 'es'];

export async function benchFanOut(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  // X's posting window is lifted: only the first posts are timed, but the whole campaign is awaited.
  const h = await StormHarness.start({ accounts: Object.fromEntries(PLATFORMS.map((p) => [p, ACCOUNTS])), fakeLimits: { xPosts: { limit: 1_000_000, windowSeconds: 900 } } });
  try {
    const svc = await h.spawnService('bench-fan-out');
    await waitFor(async () => (await h.api<{ channels: { state: string }[] }>(svc.url, 'GET', '/api/status')).channels.every((c) => c.state === 'ok'), 120_000, 'every channel up');
    const declaredAt = Date.now();
    const emergency = await h.declareSnow(svc.url);
    const firsts = h.accounts.flatMap((a) => LOCALES.map((locale) => ({ platform: a.platform, id: `camp:${emergency.id}:declare:0:00-status:${locale}:${a.channel}` })));
    const acceptedAt = async (): Promise<number[]> => {
      const posts = new Map((await h.allPosts()).map((p) => [p.id, p]));
      return firsts.map(({ id }) => {
        const post = posts.get(id);
        const ref = post?.sentParts[0]?.id;
        if (post === undefined || ref === undefined) return Number.NaN;
        return h.accepted(post.channel).find((a) => a.id === ref)?.at ?? Number.NaN;
      });
    };
    await waitFor(async () => (await acceptedAt()).every((t) => Number.isFinite(t)), 600_000, 'every first post accepted');
    const times = (await acceptedAt()).map((t) => t - declaredAt);
    const total = (await h.allPosts()).filter((p) => p.id.startsWith(`camp:${emergency.id}:`)).length;
    await waitForFinal(h, (p) => p.id.startsWith(`camp:${emergency.id}:`), total, 900_000, 'whole campaign');
    const wholeMs = Date.now() - declaredAt;
    const problems = await h.verifyExactlyOnce();
    rows.push({
      name: `fan-out: declaration → all ${firsts.length} first posts accepted (${PLATFORMS.length} platforms × ${ACCOUNTS} accounts × ${LOCALES.length} locales)`,
      value: ms(Math.max(...times)),
      note: `median first post ${ms(percentile(times, 50))}, p90 ${ms(percentile(times, 90))}; whole campaign (${total} posts) ${ms(wholeMs)}; exactly once: ${problems.length === 0 ? 'yes' : problems.slice(0, 3).join('; ')}`,
    });
    for (const platform of PLATFORMS) {
      const own = times.filter((_, i) => firsts[i]?.platform === platform);
      rows.push({ name: `fan-out: first posts on ${platform} (${own.length})`, value: `max ${ms(Math.max(...own))}`, note: `min ${ms(Math.min(...own))}, median ${ms(percentile(own, 50))}; each: ${own.map((t) => Math.round(t)).join(', ')} ms` });
    }
  } finally {
    await h.close();
  }
  return rows;
}

// `tsx bench/fan-out.ts` runs it alone.
if (process.argv[1]?.endsWith('fan-out.ts') === true) {
  for (const row of await benchFanOut()) process.stdout.write(`${row.name}: ${row.value}${row.note === undefined ? '' : ` (${row.note})`}\n`);
}
