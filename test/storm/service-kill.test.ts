import { afterEach, describe, expect, it } from 'vitest';
import { sleep, waitFor } from '../support/child-process.js';
import { redisAvailable } from '../support/redis-server.js';
import { burst, questionPool, tally, type Sent } from './support/load.js';
import { campaignPosts, StormHarness, waitForFinal, type ServiceChild } from './support/storm-harness.js';
import { size } from './storm-size.js';

const KILLS = size(5, 6);
const MENTIONS = size(240, 2_000);
const BURST_MS = size(15_000, 120_000);
const LEASE_MS = 3_000;

/** Replies are driven on every platform (X answers are addressed to their asker, so never duplicates). */
const replyChannels = (h: StormHarness) => h.channels;

async function warmUp(harness: StormHarness, baseUrl: string): Promise<Sent[]> {
  const pool = await questionPool(harness, baseUrl);
  const q = pool.find((p) => p.kind === 'answer');
  if (q === undefined) throw new Error('no answerable question');
  const sent = replyChannels(harness).map((channel) => ({ ...harness.mention(channel, q.text), kind: q.kind }));
  await waitFor(() => sent.every((m) => harness.repliesTo(m.channel, m.id) === 1), 60_000, 'warm-up replies');
  return sent;
}

describe.skipIf(!redisAvailable())('service SIGKILLed mid-campaign and mid-burst', () => {
  let harness: StormHarness | undefined;
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });

  it(`loses and doubles nothing across ${KILLS} SIGKILLs and restarts`, async () => {
    const h = (harness = await StormHarness.start({ outbox: { leaseMs: LEASE_MS } }));
    // Half the posts are answered after up to 400 ms, so a SIGKILL often lands between "attempting"
    // and "sent" and the next instance has to reconcile through the platform's timeline.
    for (const account of h.accounts) {
      if (account.x !== undefined) account.x.storm = { pSlow: 0.5, slowMs: 400, match: 'POST /2/tweets' };
      if (account.mastodon !== undefined) account.mastodon.storm = { pSlow: 0.5, slowMs: 400, match: 'POST /api/v1/statuses' };
      if (account.bluesky !== undefined) account.bluesky.storm = { pSlow: 0.5, slowMs: 400, methods: ['com.atproto.repo.createRecord'] };
    }
    let svc: ServiceChild = await h.spawnService('k0');
    const pool = await questionPool(h, svc.url);
    const warm = await warmUp(h, svc.url);
    const emergency = await h.declareSnow(svc.url);

    // The burst runs in this process against the fakes, whatever happens to the service.
    const traffic = burst(h, { channels: replyChannels(h), total: MENTIONS, durationMs: BURST_MS, pool });
    const killsAt: number[] = [];
    for (let k = 1; k <= KILLS; k++) {
      await sleep(800 + Math.floor(Math.random() * 2_000));
      await h.kill(svc);
      killsAt.push(Date.now());
      svc = await h.spawnService(`k${k}`);
    }
    const sent = [...warm, ...(await traffic)];
    const expected = tally(sent);

    const needsReply = sent.filter((m) => m.kind !== 'handoff');
    const replyIds = new Set(needsReply.map((m) => `reply:${m.channel}:${m.id}`));
    await waitFor(async () => (await h.allPosts()).filter((p) => replyIds.has(p.id)).length >= replyIds.size, size(120_000, 900_000), 'every answerable message queued');
    const replies = await waitForFinal(h, (p) => replyIds.has(p.id), replyIds.size, size(120_000, 900_000), 'every reply final').catch((error: unknown) => {
      // What the service instances said about their channels, for the failure report.
      const said = h.spawned.flatMap((c) => c.tail().split('\n').filter((l) => /"code":"(AUTH_FAILED|RATE_LIMITED|REJECTED)"|refused|logging in/.test(l)).map((l) => `${c.instanceId}: ${l.slice(0, 300)}`));
      console.log(`[storm] service kill, channel warnings:\n${[...new Set(said)].slice(0, 15).join('\n')}`);
      throw error;
    });
    const campaignCount = campaignPosts(await h.allPosts(), emergency.id).length;
    const campaign = await waitForFinal(h, (p) => p.id.startsWith(`camp:${emergency.id}:`), campaignCount, 120_000, 'campaign final');
    const counters = await h.counters();
    console.log(
      `[storm] service kill: ${KILLS} SIGKILLs, ${sent.length} mentions (${expected.answer} answer, ${expected.urgent} urgent, ${expected.handoff} handoff), ` +
        `${campaign.length} campaign posts; ${h.spawned.reduce((n, c) => n + c.reconciled(), 0)} attempts of unknown outcome reconciled after a kill; ` +
        `counters answered ${counters.answered} urgent ${counters.urgent} handoff ${counters.handoff}`,
    );

    const problems: string[] = [];
    for (const p of [...replies, ...campaign].filter((post) => post.status !== 'sent')) problems.push(`${p.id}: ${p.status} ${p.lastError ?? ''}`);
    for (const m of needsReply) {
      const n = h.repliesTo(m.channel, m.id);
      if (n !== 1) problems.push(`${m.channel}:${m.id} answered ${n} times`);
    }
    for (const m of sent.filter((s) => s.kind === 'handoff')) if (h.repliesTo(m.channel, m.id) > 0) problems.push(`handoff ${m.id} answered`);
    problems.push(...(await h.verifyExactlyOnce()));
    expect(problems).toEqual([]);
    expect(campaign.length).toBeGreaterThanOrEqual(h.channels.length * 16);
  }, size(300_000, 1_800_000));

  it('two instances on one Redis: the survivor finishes the campaign of a SIGKILLed peer, once', async () => {
    // Slow posting (every post answered after up to 0.8 s) and a small per-channel rate keep the
    // campaign in flight long enough for the kill to land mid-campaign.
    const h = (harness = await StormHarness.start({ outbox: { leaseMs: LEASE_MS }, channelRate: { perMinute: 60 } }));
    for (const account of h.accounts) {
      if (account.x !== undefined) account.x.storm = { pSlow: 1, slowMs: 800, match: 'POST /2/tweets' };
      if (account.mastodon !== undefined) account.mastodon.storm = { pSlow: 1, slowMs: 800, match: 'POST /api/v1/statuses' };
      if (account.bluesky !== undefined) account.bluesky.storm = { pSlow: 1, slowMs: 800, methods: ['com.atproto.repo.createRecord'] };
    }
    const a = await h.spawnService('a');
    const b = await h.spawnService('b');
    const emergency = await h.declareSnow(a.url);
    // Wait until the campaign is under way, then kill the instance holding claims.
    await waitFor(async () => (await h.allPosts()).filter((p) => p.id.startsWith(`camp:${emergency.id}:`) && p.status === 'sent').length >= 3, 60_000, 'campaign under way');
    const held = (await h.allPosts()).filter((p) => p.claimOwner === 'a' && (p.status === 'claimed' || p.status === 'attempting')).length;
    await h.kill(a);
    const killedAt = Date.now();
    const total = campaignPosts(await h.allPosts(), emergency.id).length;
    const campaign = await waitForFinal(h, (p) => p.id.startsWith(`camp:${emergency.id}:`), total, 180_000, 'campaign finished by the survivor');
    console.log(`[storm] two instances: killed "a" holding ${held} claims; "b" reconciled ${b.reconciled()} attempts and finished ${total} campaign posts ${((Date.now() - killedAt) / 1000).toFixed(1)} s after the kill (lease ${LEASE_MS} ms)`);
    expect(campaign.filter((p) => p.status !== 'sent').map((p) => `${p.id}: ${p.status} ${p.lastError ?? ''}`)).toEqual([]);
    expect(await h.verifyExactlyOnce()).toEqual([]);
    expect(b.child.exitCode).toBeNull();
  }, 300_000);
});
