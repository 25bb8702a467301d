import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../support/child-process.js';
import { redisAvailable } from '../support/redis-server.js';
import { burst, questionPool, tally, type Question, type Sent } from './support/load.js';
import { campaignPosts, percentile, StormHarness, waitForFinal, type Accepted } from './support/storm-harness.js';
import { FULL, size } from './storm-size.js';

const TOTAL = size(600, 10_000);
const DURATION_MS = size(10_000, 60_000);
const ACCOUNTS = size(1, 3);

/** Mentions get one poll of warm-up so every channel has a saved cursor before the burst. */
async function warmUp(harness: StormHarness, pool: Question[]): Promise<Sent[]> {
  const q = pool.find((p) => p.kind === 'answer') as Question;
  const sent = harness.channels.map((channel) => ({ ...harness.mention(channel, q.text), kind: q.kind }));
  await waitFor(() => sent.every((m) => harness.repliesTo(m.channel, m.id) === 1), 30_000, 'warm-up replies');
  return sent;
}

describe.skipIf(!redisAvailable())(`inbound burst: ${TOTAL} mentions over ${DURATION_MS / 1000} s during a snow campaign`, () => {
  let harness: StormHarness;
  let baseUrl: string;
  beforeAll(async () => {
    // X's real posting limit (300 per 15 min per account) holds in reduced mode; the full burst
    // needs more than one window per account, so the limit is lifted there (noted in the output).
    harness = await StormHarness.start({
      accounts: { x: ACCOUNTS, mastodon: ACCOUNTS, bluesky: ACCOUNTS },
      ...(FULL ? { fakeLimits: { xPosts: { limit: 100_000, windowSeconds: 900 } } } : {}),
    });
    const svc = await harness.startInProcess();
    baseUrl = svc.url as string;
  });
  afterAll(async () => {
    await harness?.close();
  });

  it('decides every message once, answers each answerable/urgent one exactly once, sends every campaign post once', async () => {
    const pool = await questionPool(harness, baseUrl);
    expect(new Set(pool.map((q) => q.kind))).toEqual(new Set(['answer', 'urgent', 'handoff']));
    const warm = await warmUp(harness, pool);

    const emergency = await harness.declareSnow(baseUrl);
    const started = Date.now();
    const sent = await burst(harness, { channels: harness.channels, total: TOTAL, durationMs: DURATION_MS, pool });
    const generated = Date.now();
    const all = [...warm, ...sent];
    const expected = tally(all);

    // Every message decided exactly once: the counters add up to the number of messages.
    await waitFor(
      async () => {
        const c = await harness.counters();
        return c.answered + c.handoff + c.urgent >= all.length;
      },
      size(120_000, 900_000),
      'every message decided',
    );
    const needsReply = all.filter((m) => m.kind !== 'handoff');
    const replyIds = new Set(needsReply.map((m) => `reply:${m.channel}:${m.id}`));
    const replies = await waitForFinal(harness, (p) => replyIds.has(p.id), needsReply.length, size(120_000, 1_200_000), 'every reply final');
    const finished = Date.now();
    const posts = await harness.allPosts();
    const campaign = campaignPosts(posts, emergency.id);
    await waitForFinal(harness, (p) => p.id.startsWith(`camp:${emergency.id}:`), campaign.length, 120_000, 'campaign final');

    // Numbers first (never asserted): throughput and mention → reply latency on the fakes' clocks.
    const acceptedBy = new Map<string, Accepted>();
    for (const channel of harness.channels) for (const a of harness.accepted(channel)) if (a.replyTo !== undefined) acceptedBy.set(`${channel}:${a.replyTo}`, a);
    const latencies = sent.filter((m) => m.kind !== 'handoff' && acceptedBy.has(`${m.channel}:${m.id}`)).map((m) => (acceptedBy.get(`${m.channel}:${m.id}`)?.at ?? 0) - m.createdAt);
    const urgentLat = sent.filter((m) => m.kind === 'urgent' && acceptedBy.has(`${m.channel}:${m.id}`)).map((m) => (acceptedBy.get(`${m.channel}:${m.id}`)?.at ?? 0) - m.createdAt);
    console.log(
      `[storm] inbound burst: ${sent.length} mentions in ${((generated - started) / 1000).toFixed(1)} s on ${harness.channels.length} accounts ` +
        `(${expected.answer} answer, ${expected.urgent} urgent, ${expected.handoff} handoff); all replies final after ${((finished - started) / 1000).toFixed(1)} s → ` +
        `${(needsReply.length / ((finished - started) / 1000)).toFixed(1)} replies/s; mention→reply p50 ${percentile(latencies, 50).toFixed(0)} ms, ` +
        `p99 ${percentile(latencies, 99).toFixed(0)} ms; urgent p50 ${percentile(urgentLat, 50).toFixed(0)} ms${FULL ? '; X post limit lifted for the full burst' : ''}`,
    );

    // Every property is checked and every violation listed, so one failure cannot hide another.
    const problems: string[] = [];
    const counters = await harness.counters();
    for (const [name, got, want] of [
      ['decisions', counters.answered + counters.handoff + counters.urgent, all.length],
      ['replies.urgent', counters.urgent, expected.urgent],
      ['replies.answered', counters.answered, expected.answer],
      ['replies.handoff', counters.handoff, expected.handoff],
    ] as const) {
      if (got !== want) problems.push(`counter ${name} is ${got}, expected ${want}`);
    }

    // The staff inbox holds exactly the urgent and unanswerable messages.
    const inbox = await harness.api<{ id: string; urgent: boolean }[]>(baseUrl, 'GET', '/api/inbox?status=all');
    const wantInbox = new Set(all.filter((m) => m.kind !== 'answer').map((m) => `${m.channel}:${m.id}`));
    if (inbox.length !== wantInbox.size) problems.push(`inbox has ${inbox.length} items, expected ${wantInbox.size}`);
    for (const item of inbox.filter((i) => !wantInbox.has(i.id))) problems.push(`unexpected inbox item ${item.id}`);

    // Every reply sent; exactly one accepted reply per answerable/urgent message, none for the rest.
    const byChannel = (list: string[]) => [...new Set(list.map((l) => l.split(':')[1] ?? ''))].map((c) => `${c}: ${list.filter((l) => l.split(':')[1] === c).length}`).join(', ');
    const notSent = replies.filter((p) => p.status !== 'sent').map((p) => `${p.id}: ${p.status} ${p.lastError ?? ''}`);
    if (notSent.length > 0) problems.push(`${notSent.length} replies not sent (${byChannel(notSent)}), e.g. ${notSent.slice(0, 3).join(' | ')}`);
    const missing = needsReply.filter((m) => harness.repliesTo(m.channel, m.id) !== 1).map((m) => `reply:${m.channel}:${m.id} got ${harness.repliesTo(m.channel, m.id)}`);
    if (missing.length > 0) problems.push(`${missing.length} messages without exactly one reply on the platform (${byChannel(missing)})`);
    const answeredHandoffs = all.filter((m) => m.kind === 'handoff' && harness.repliesTo(m.channel, m.id) > 0);
    if (answeredHandoffs.length > 0) problems.push(`${answeredHandoffs.length} handoff messages were answered`);

    // Every campaign post exactly once, on every channel, and the fakes hold nothing else.
    if (campaign.length < harness.channels.length * 2 * 8) problems.push(`campaign has ${campaign.length} posts`);
    for (const p of campaign.filter((c) => c.status !== 'sent')) problems.push(`campaign post ${p.id} ${p.status} ${p.lastError ?? ''}`);
    problems.push(...(await harness.verifyExactlyOnce(posts)));
    expect(problems).toEqual([]);
  }, size(300_000, 1_800_000));

  it('sends urgent replies before the answerable ones queued at the same time', async () => {
    const pool = await questionPool(harness, baseUrl);
    const before = await harness.counters();
    await harness.api(baseUrl, 'POST', '/api/pause', { reason: 'queue a mixed batch' });
    const batch: Sent[] = [];
    const channels = harness.channels;
    for (const channel of channels) {
      batch.push(...(await burst(harness, { channels: [channel], total: size(40, 200), durationMs: 200, pool, mix: { answer: 0.7, urgent: 0.3, handoff: 0 }, seed: 11 })));
    }
    await waitFor(
      async () => {
        const c = await harness.counters();
        return c.answered + c.handoff + c.urgent - (before.answered + before.handoff + before.urgent) >= batch.length;
      },
      60_000,
      'the batch decided while paused',
    );
    const ids = new Set(batch.filter((m) => m.kind !== 'handoff').map((m) => `reply:${m.channel}:${m.id}`));
    await harness.api(baseUrl, 'POST', '/api/resume', {});
    await waitForFinal(harness, (p) => ids.has(p.id), ids.size, 120_000, 'batch replies final');

    const kindOf = new Map(batch.map((m) => [`${m.channel}:${m.id}`, m.kind]));
    for (const channel of channels) {
      const order = harness
        .accepted(channel)
        .filter((a) => a.replyTo !== undefined && kindOf.has(`${channel}:${a.replyTo}`))
        .sort((a, b) => a.seq - b.seq)
        .map((a) => kindOf.get(`${channel}:${a.replyTo ?? ''}`));
      const lastUrgent = order.lastIndexOf('urgent');
      const firstAnswer = order.indexOf('answer');
      expect(order.length, channel).toBe(batch.filter((m) => m.channel === channel && m.kind !== 'handoff').length);
      expect(lastUrgent, `${channel}: ${order.join(',')}`).toBeLessThan(firstAnswer);
    }
    expect(await harness.verifyExactlyOnce()).toEqual([]);
  }, 180_000);
});
