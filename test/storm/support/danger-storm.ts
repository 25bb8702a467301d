/**
 * Danger first under platform limits (issue 16): a burst of mentions, a small share of them
 * reporting danger, during a snow campaign, on X, Mastodon and Bluesky fakes that enforce a
 * posting window, with Civicast's own per-minute limit set inside it and a danger reserve. Shared
 * by the storm test (which asserts) and the benchmark (which reports).
 */
import { sleep } from '../../support/child-process.js';
import { burst, counterProblems, questionPool, tally, type Kind, type Sent } from './load.js';
import { campaignPosts, percentile, StormHarness, waitForFinal, type Accepted } from './storm-harness.js';

export interface DangerStormOptions {
  total: number;
  durationMs: number;
  accountsPerPlatform: number;
  mix: Record<Kind, number>;
  /** Civicast's per-minute limit on every channel; each fake enforces twice this per minute. */
  perMinute: number;
  dangerReserveShare: number;
  /** Upper bound for each wait (decisions, replies, campaign). */
  timeoutMs: number;
}

export interface DangerStormResult {
  sent: number;
  expected: Record<Kind, number>;
  channels: number;
  /** Danger mention created → its reply accepted by the platform, ms. */
  danger: { count: number; p50: number; p99: number; max: number };
  /** The two halves of that: mention created → reply queued (polling, deciding), and queued → accepted (claim, limits, send). */
  dangerIntake: { p50: number; p99: number };
  dangerDispatch: { p50: number; p99: number };
  answers: { count: number; p50: number; p99: number };
  /** Ordinary replies to mentions that arrived after a danger mention, yet went out before its reply. */
  overtaken: number;
  /** Most answers (to earlier mentions) that went out between one danger mention's arrival and its reply, mention polling included. */
  maxAnsweredWhileDangerWaited: number;
  /** 429s the fakes sent because their posting window was full. */
  platform429: number;
  generatedSeconds: number;
  drainedSeconds: number;
  /** Everything wrong, each violation listed (empty when every property holds). */
  problems: string[];
  summary: string;
}

export async function runDangerStorm(options: DangerStormOptions): Promise<DangerStormResult> {
  const n = options.accountsPerPlatform;
  const harness = await StormHarness.start({
    accounts: { x: n, mastodon: n, bluesky: n },
    channelRate: { perMinute: options.perMinute },
    dangerReserveShare: options.dangerReserveShare,
    // Each platform enforces its own window; Civicast's fixed minute windows stay inside it.
    fakeLimits: {
      xPosts: { limit: options.perMinute * 2, windowSeconds: 60 },
      mastodonPosts: { limit: options.perMinute * 2, windowMs: 60_000 },
      blueskyWrites: { limit: options.perMinute * 2, windowSeconds: 60 },
    },
  });
  try {
    // The service in its own process (as deployed): the fakes and the load generator here do not eat its core.
    const baseUrl = (await harness.spawnService('danger-storm')).url;
    const pool = await questionPool(harness, baseUrl);
    const emergency = await harness.declareSnow(baseUrl);
    const started = Date.now();
    const sent = await burst(harness, { channels: harness.channels, total: options.total, durationMs: options.durationMs, pool, mix: options.mix, seed: 16 });
    const generated = Date.now();
    const expected = tally(sent);
    const problems: string[] = [];
    // Every mention decided, or a report of those never read: a lost mention is a finding, not a hang.
    const unread = await waitForDecisions(harness, sent, options.timeoutMs);
    if (unread.length > 0) {
      const byChannel = [...new Set(unread.map((m) => m.channel))].map((c) => `${c}: ${unread.filter((m) => m.channel === c).length}`);
      problems.push(`${unread.length} mentions never decided (${byChannel.join(', ')}; ${unread.filter((m) => m.kind === 'urgent').length} of them danger)`);
    }
    const unreadIds = new Set(unread.map((m) => m.id));
    const needsReply = sent.filter((m) => m.kind !== 'handoff' && !unreadIds.has(m.id));
    const replyIds = new Set(needsReply.map((m) => `reply:${m.channel}:${m.id}`));
    const replies = await waitForFinal(harness, (p) => replyIds.has(p.id), needsReply.length, options.timeoutMs, 'every reply final');
    const drained = Date.now();
    const campaignTotal = campaignPosts(await harness.allPosts(), emergency.id).length;
    await waitForFinal(harness, (p) => p.id.startsWith(`camp:${emergency.id}:`), campaignTotal, options.timeoutMs, 'campaign final');
    const posts = await harness.allPosts();

    const dangerLatency: number[] = [];
    const dangerIntake: number[] = [];
    const dangerDispatch: number[] = [];
    const queuedAt = new Map(posts.map((p) => [p.id, p.createdAt]));
    const answerLatency: number[] = [];
    let overtaken = 0;
    let maxWhileWaiting = 0;
    for (const channel of harness.channels) {
      const accepted = harness.accepted(channel);
      const replyTo = new Map<string, Accepted>();
      for (const a of accepted) if (a.replyTo !== undefined) replyTo.set(a.replyTo, a);
      const mine = sent.filter((m) => m.channel === channel);
      const answers = mine.filter((m) => m.kind === 'answer');
      for (const m of mine.filter((x) => x.kind !== 'handoff')) {
        const reply = replyTo.get(m.id);
        if (reply === undefined) continue;
        (m.kind === 'urgent' ? dangerLatency : answerLatency).push(reply.at - m.createdAt);
        const queued = queuedAt.get(`reply:${channel}:${m.id}`);
        if (m.kind === 'urgent' && queued !== undefined) {
          dangerIntake.push(queued - m.createdAt);
          dangerDispatch.push(reply.at - queued);
        }
      }
      for (const danger of mine.filter((m) => m.kind === 'urgent')) {
        const reply = replyTo.get(danger.id);
        if (reply === undefined) continue;
        const ahead = answers.filter((o) => (replyTo.get(o.id)?.seq ?? Number.POSITIVE_INFINITY) < reply.seq);
        const late = ahead.filter((o) => o.createdAt > danger.createdAt);
        overtaken += late.length;
        for (const o of late.slice(0, 3)) problems.push(`${channel}: the answer to ${o.id} (arrived ${o.createdAt - danger.createdAt} ms after danger message ${danger.id}) went out before the danger reply`);
        maxWhileWaiting = Math.max(maxWhileWaiting, ahead.filter((o) => (replyTo.get(o.id)?.at ?? 0) > danger.createdAt).length);
      }
    }

    problems.push(...(await counterProblems(harness, sent.filter((m) => !unreadIds.has(m.id)))));
    const notSent = replies.filter((p) => p.status !== 'sent');
    if (notSent.length > 0) problems.push(`${notSent.length} replies not sent, e.g. ${notSent.slice(0, 3).map((p) => `${p.id} ${p.status} ${p.lastError ?? ''}`).join(' | ')}`);
    const repliesTo = new Map<string, number>();
    for (const channel of harness.channels) for (const a of harness.accepted(channel)) if (a.replyTo !== undefined) repliesTo.set(`${channel}:${a.replyTo}`, (repliesTo.get(`${channel}:${a.replyTo}`) ?? 0) + 1);
    const wrongCount = needsReply.filter((m) => repliesTo.get(`${m.channel}:${m.id}`) !== 1);
    if (wrongCount.length > 0) problems.push(`${wrongCount.length} messages without exactly one reply on the platform`);
    if (sent.some((m) => m.kind === 'handoff' && repliesTo.has(`${m.channel}:${m.id}`))) problems.push('a handoff message was answered');
    const campaignNotSent = campaignPosts(posts, emergency.id).filter((p) => p.status !== 'sent');
    for (const p of campaignNotSent.slice(0, 5)) problems.push(`campaign post ${p.id} ${p.status} ${p.lastError ?? ''}`);
    problems.push(...(await harness.verifyExactlyOnce(posts)));

    const platform429 = harness.channels.reduce((sum, c) => sum + harness.rateLimited(c), 0);
    const danger = { count: dangerLatency.length, p50: percentile(dangerLatency, 50), p99: percentile(dangerLatency, 99), max: Math.max(...dangerLatency) };
    const answers = { count: answerLatency.length, p50: percentile(answerLatency, 50), p99: percentile(answerLatency, 99) };
    const intake = { p50: percentile(dangerIntake, 50), p99: percentile(dangerIntake, 99) };
    const dispatch = { p50: percentile(dangerDispatch, 50), p99: percentile(dangerDispatch, 99) };
    const summary =
      `${sent.length} mentions in ${((generated - started) / 1000).toFixed(1)} s on ${harness.channels.length} accounts (${expected.urgent} danger, ${expected.answer} answer, ${expected.handoff} handoff), ` +
      `limit ${options.perMinute}/min per account (danger reserve ${options.dangerReserveShare}), fakes enforce ${options.perMinute * 2}/min: ` +
      `danger arrival→reply p50 ${danger.p50.toFixed(0)} ms, p99 ${danger.p99.toFixed(0)} ms, max ${danger.max.toFixed(0)} ms (mention → queued p50 ${intake.p50.toFixed(0)} / p99 ${intake.p99.toFixed(0)} ms, queued → accepted p50 ${dispatch.p50.toFixed(0)} / p99 ${dispatch.p99.toFixed(0)} ms); ` +
      `answers p50 ${(answers.p50 / 1000).toFixed(1)} s, p99 ${(answers.p99 / 1000).toFixed(1)} s; all replies out after ${((drained - started) / 1000).toFixed(1)} s; ` +
      `${overtaken} answers to later mentions ahead of a danger reply; at most ${maxWhileWaiting} answers to earlier mentions went out between a danger mention and its reply (polling included); ${platform429} platform 429s`;
    return { sent: sent.length, expected, channels: harness.channels.length, danger, dangerIntake: intake, dangerDispatch: dispatch, answers, overtaken, maxAnsweredWhileDangerWaited: maxWhileWaiting, platform429, generatedSeconds: (generated - started) / 1000, drainedSeconds: (drained - started) / 1000, problems, summary };
  } finally {
    await harness.close();
  }
}

/** Waits until every mention is decided; if decisions stop moving for a minute, returns the undecided ones. */
async function waitForDecisions(harness: StormHarness, sent: Sent[], timeoutMs: number): Promise<Sent[]> {
  const deadline = Date.now() + timeoutMs;
  let last = -1;
  let lastMoved = Date.now();
  for (;;) {
    const c = await harness.counters();
    const decided = c.answered + c.handoff + c.urgent;
    if (decided >= sent.length) return [];
    if (decided !== last) {
      last = decided;
      lastMoved = Date.now();
    }
    if (Date.now() - lastMoved > 60_000 || Date.now() > deadline) break;
    await sleep(1_000);
  }
  const store = harness.store();
  const undecided: Sent[] = [];
  for (const m of sent) if (!(await store.hasSeen('inbound', `${m.channel}:${m.id}`))) undecided.push(m);
  return undecided;
}
