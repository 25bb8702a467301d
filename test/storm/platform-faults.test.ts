import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../support/child-process.js';
import { redisAvailable } from '../support/redis-server.js';
import { burst, questionPool, type Sent } from './support/load.js';
import { campaignPosts, StormHarness, waitForFinal, type Account } from './support/storm-harness.js';
import { size } from './storm-size.js';

const MENTIONS = size(150, 1_500);

/** A share of every request fails: 429 (reset in 1 s), 500, slow, connection reset, or (posts) accepted with the answer lost. */
function stormOn(h: StormHarness, account: Account, seed: number): void {
  h.stormOn(account, { p429: 0.05, p500: 0.05, pReset: 0.04, pLost: 0.08, pSlow: 0.1, slowMs: 800, resetSeconds: 1, seed });
}

function rateLimited(account: Account): number {
  return account.x?.rateLimited ?? account.mastodon?.rateLimited ?? account.bluesky?.rateLimited ?? 0;
}

/** Replies on every platform (X answers are addressed to their asker, so never duplicates). */
const replyChannels = (h: StormHarness) => h.channels;

interface Status {
  channels: { name: string; state: string; reason?: string }[];
}

describe.skipIf(!redisAvailable())('platform fault storm (in-process service)', () => {
  let harness: StormHarness | undefined;
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });

  it('delivers a campaign and replies exactly once through 429s, 500s, resets, slow and lost responses and enforced rate limits', async () => {
    // Small enforced platform windows so the adapters' 429 handling and the dispatcher's
    // back-off are exercised on every platform, not just the storm's random 429s.
    const h = (harness = await StormHarness.start({
      fakeLimits: { xPosts: { limit: 12, windowSeconds: 4 }, mastodonPosts: { limit: 12, windowMs: 4_000 }, blueskyWrites: { limit: 12, windowSeconds: 4 } },
      requestTimeoutMs: 3_000,
    }));
    const svc = await h.startInProcess();
    const url = svc.url as string;
    const pool = await questionPool(h, url);
    const q = pool.find((p) => p.kind === 'answer');
    if (q === undefined) throw new Error('no answerable question');
    const warm: Sent[] = replyChannels(h).map((channel) => ({ ...h.mention(channel, q.text), kind: q.kind }));
    await waitFor(() => warm.every((m) => h.repliesTo(m.channel, m.id) === 1), 30_000, 'warm-up replies');

    h.accounts.forEach((account, i) => stormOn(h, account, 100 + i));
    const emergency = await h.declareSnow(url);
    const sent = [...warm, ...(await burst(h, { channels: replyChannels(h), total: MENTIONS, durationMs: size(10_000, 60_000), pool }))];
    const needsReply = sent.filter((m) => m.kind !== 'handoff');
    const replyIds = new Set(needsReply.map((m) => `reply:${m.channel}:${m.id}`));
    await waitFor(async () => (await h.allPosts()).filter((p) => replyIds.has(p.id)).length >= replyIds.size, 120_000, 'every answerable message queued').catch(async (error: unknown) => {
      // Which channels and kinds are missing, so a failure says where to look.
      const queued = new Set((await h.allPosts()).map((p) => p.id));
      const missing = needsReply.filter((m) => !queued.has(`reply:${m.channel}:${m.id}`)).map((m) => `${m.channel}/${m.kind}`);
      throw new Error(`${(error as Error).message}: ${missing.length} missing (${[...new Set(missing)].join(', ')})`, { cause: error });
    });
    const replies = await waitForFinal(h, (p) => replyIds.has(p.id), replyIds.size, size(180_000, 900_000), 'every reply final');
    const total = campaignPosts(await h.allPosts(), emergency.id).length;
    const campaign = await waitForFinal(h, (p) => p.id.startsWith(`camp:${emergency.id}:`), total, 180_000, 'campaign final');

    const hits = h.accounts.map((a) => `${a.channel} ${JSON.stringify(h.stormHits(a))} enforced-429=${rateLimited(a)}`);
    console.log(`[storm] platform faults: ${sent.length} mentions, ${replyIds.size} replies, ${campaign.length} campaign posts; faults injected: ${hits.join('; ')}`);

    const problems: string[] = [];
    for (const p of [...replies, ...campaign].filter((post) => post.status !== 'sent')) problems.push(`${p.id}: ${p.status} ${p.lastError ?? ''}`);
    for (const m of needsReply) {
      const n = h.repliesTo(m.channel, m.id);
      if (n !== 1) problems.push(`${m.channel}:${m.id} answered ${n} times`);
    }
    problems.push(...(await h.verifyExactlyOnce()));
    expect(problems).toEqual([]);
    // The storm really happened: every kind of fault hit, and the enforced windows said 429.
    const sum = (kind: string) => h.accounts.reduce((n, a) => n + (h.stormHits(a)[kind as keyof ReturnType<StormHarness['stormHits']>] ?? 0), 0);
    for (const kind of ['429', '500', 'slow', 'reset', 'lost']) expect(sum(kind), kind).toBeGreaterThan(0);
    expect(h.accounts.reduce((n, a) => n + rateLimited(a), 0)).toBeGreaterThan(0);
  }, size(300_000, 1_800_000));

  it('a 401 on one channel disables that channel only; the others carry on', async () => {
    const h = (harness = await StormHarness.start());
    const svc = await h.startInProcess();
    const url = svc.url as string;
    const pool = await questionPool(h, url);
    const x = h.accounts.find((a) => a.x !== undefined)?.x;
    if (x === undefined) throw new Error('no X account');
    const q = pool.find((p) => p.kind === 'answer');
    if (q === undefined) throw new Error('no answerable question');
    const warm: Sent[] = replyChannels(h).map((channel) => ({ ...h.mention(channel, q.text), kind: q.kind }));
    await waitFor(() => warm.every((m) => h.repliesTo(m.channel, m.id) === 1), 30_000, 'warm-up replies');

    x.oauth1AccessToken = 'revoked-by-the-user'; // every X call now answers 401
    const xBefore = x.posted.length;
    const emergency = await h.declareSnow(url);
    // Residents keep asking on the healthy platforms (X, with its credentials revoked, cannot read them).
    const healthy = replyChannels(h).filter((c) => !c.startsWith('x-'));
    const sent = [...warm.filter((m) => !m.channel.startsWith('x-')), ...(await burst(h, { channels: healthy, total: size(60, 300), durationMs: 3_000, pool }))];
    const needsReply = sent.filter((m) => m.kind !== 'handoff');
    const replyIds = new Set(needsReply.map((m) => `reply:${m.channel}:${m.id}`));
    await waitFor(async () => (await h.allPosts()).filter((p) => replyIds.has(p.id)).length >= replyIds.size, 60_000, 'replies queued');
    await waitForFinal(h, (p) => replyIds.has(p.id), replyIds.size, 120_000, 'replies final');
    const others = (p: { id: string; channel: string }) => p.id.startsWith(`camp:${emergency.id}:`) && !p.channel.startsWith('x-');
    const otherTotal = (await h.allPosts()).filter(others).length;
    const otherCampaign = await waitForFinal(h, others, otherTotal, 120_000, 'campaign on the healthy channels');
    await waitFor(async () => (await h.api<Status>(url, 'GET', '/api/status')).channels.find((c) => c.name.startsWith('x-'))?.state === 'disabled', 30_000, 'X disabled');

    const status = await h.api<Status>(url, 'GET', '/api/status');
    console.log(`[storm] 401 on X: ${status.channels.map((c) => `${c.name}=${c.state}`).join(', ')}`);
    for (const c of status.channels) expect(c.state, c.name).toBe(c.name.startsWith('x-') ? 'disabled' : 'ok');
    expect(otherCampaign.every((p) => p.status === 'sent')).toBe(true);
    for (const m of needsReply) expect(h.repliesTo(m.channel, m.id), `${m.channel}:${m.id}`).toBe(1);
    // X's campaign posts wait (not failed, not sent) and nothing reached X.
    const xPosts = (await h.allPosts()).filter((p) => p.id.startsWith(`camp:${emergency.id}:`) && p.channel.startsWith('x-'));
    expect(xPosts.length).toBeGreaterThan(0);
    expect(xPosts.filter((p) => p.status !== 'pending').map((p) => `${p.id} ${p.status}`)).toEqual([]);
    expect(x.posted.length).toBe(xBefore);
    expect(await h.verifyExactlyOnce()).toEqual([]);
  }, 240_000);
});
