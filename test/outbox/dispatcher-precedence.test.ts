import { describe, expect, it } from 'vitest';
import { channelCommonSchema, configSchema } from '../../src/config/schema.js';
import { newPost, type NewPost } from '../../src/domain/post.js';
import { createLogger } from '../../src/logging/logger.js';
import { Dispatcher } from '../../src/outbox/dispatcher.js';
import { PauseSwitch } from '../../src/outbox/pause-switch.js';
import { MemoryStore } from '../../src/store/memory/memory-store.js';
import { waitFor } from '../support/child-process.js';
import { GatedChannel } from '../support/gated-channel.js';
import { ManualClock } from '../support/scripted-channel.js';

const logger = createLogger({ level: 'silent' });
const T0 = 1_699_920_000_000 + 3_600_000; // 01:00 UTC, on a minute boundary: the daily window resets in 23 h

function setup(channelConfig: Record<string, unknown> = {}, names: string[] = ['x']) {
  const clock = new ManualClock(T0);
  const store = new MemoryStore();
  const channels = new Map(names.map((name) => [name, new GatedChannel(name)]));
  const dispatcher = new Dispatcher({
    store,
    channels,
    channelConfigs: Object.fromEntries(names.map((name) => [name, channelCommonSchema.parse({ kind: 'x', ...channelConfig })])),
    outbox: configSchema.shape.outbox.parse({ backoffBaseMs: 1000, backoffMaxMs: 60_000, maxAttempts: 3, leaseMs: 30_000, pollIntervalMs: 20 }),
    pause: new PauseSwitch(store, 0),
    clock,
    logger,
    instanceId: 'test',
    random: () => 0.5,
  });
  const add = (id: string, extra: Partial<NewPost> = {}) =>
    store.enqueuePost(newPost({ id, channel: 'x', parts: [`text ${id}`], priority: 'answer', dueAt: clock.now(), source: 'test', ...extra }, clock.now()));
  const channel = (name = 'x') => channels.get(name) as GatedChannel;
  const published = (name = 'x') => channel(name).published.map((p) => p.key);
  return { clock, store, dispatcher, add, channel, published };
}

describe('strict precedence under rate limits (issue 16, item 3)', () => {
  it('sends a danger reply at once in the reserve of a window that answers have filled', async () => {
    const t = setup({ rateLimit: { perMinute: 5 }, dangerReserveShare: 0.2 });
    for (let i = 1; i <= 6; i++) await t.add(`a${i}`);
    await t.dispatcher.tick();
    // One slot of five is the danger reserve: answers get four.
    expect(t.published()).toEqual(['a1', 'a2', 'a3', 'a4']);
    t.clock.advance(10_000);
    await t.add('danger', { priority: 'urgent' });
    await t.add('campaign', { priority: 'emergency' });
    await t.dispatcher.tick();
    expect(t.published()).toEqual(['a1', 'a2', 'a3', 'a4', 'danger']);
    expect((await t.store.getPost('campaign'))?.dueAt).toBe(T0 + 60_000);
  });

  it('brings every post a limit held back at the reset itself, so the reopened window serves the highest class first', async () => {
    const t = setup({ rateLimit: { perMinute: 2 }, dangerReserveShare: 0 });
    await t.add('a1');
    await t.add('a2');
    await t.dispatcher.tick();
    t.clock.advance(5_000);
    await t.add('danger', { priority: 'urgent' });
    await t.add('campaign', { priority: 'emergency' });
    await t.dispatcher.tick();
    expect(t.published()).toEqual(['a1', 'a2']);
    // Answers keep arriving before the reset; each is held back too.
    for (let i = 3; i <= 6; i++) {
      t.clock.advance(10_000);
      await t.add(`a${i}`);
      await t.dispatcher.tick();
    }
    const held = await Promise.all(['danger', 'campaign', 'a3', 'a6'].map((id) => t.store.getPost(id)));
    expect(held.map((p) => p?.dueAt)).toEqual([T0 + 60_000, T0 + 60_000, T0 + 60_000, T0 + 60_000]);
    t.clock.t = T0 + 60_000;
    await t.dispatcher.tick();
    expect(t.published()).toEqual(['a1', 'a2', 'danger', 'campaign']);
  });

  it('serves the highest class first when a platform window reopens after a 429', async () => {
    const t = setup({ rateLimit: { perMinute: 100 } });
    const reset = T0 + 30_000;
    t.channel().retryAt = reset;
    t.channel().faults.push('rate-limited');
    await t.add('danger', { priority: 'urgent' });
    await t.add('a1');
    await t.dispatcher.tick();
    expect(t.published()).toEqual([]);
    // An answer that arrives just after the platform's reset, while the danger reply's retry
    // (reset + jitter) is not yet due, must not take the reopened window first.
    t.clock.t = reset + 100;
    await t.add('a2');
    await t.dispatcher.tick();
    t.clock.t = reset + 600;
    await t.dispatcher.tick();
    expect(t.published()).toEqual([]);
    t.clock.t = reset + 1_000;
    await t.dispatcher.tick();
    expect(t.published()).toEqual(['danger', 'a1', 'a2']);
  });

  it('puts answers after campaign posts and before routine posts, whatever the order they came in', async () => {
    const t = setup();
    await t.add('routine', { priority: 'routine', dueAt: T0 - 3000 });
    await t.add('answer', { priority: 'answer', dueAt: T0 - 2000 });
    await t.add('campaign', { priority: 'emergency', dueAt: T0 - 1000 });
    await t.add('danger', { priority: 'urgent' });
    await t.dispatcher.tick();
    expect(t.published()).toEqual(['danger', 'campaign', 'answer', 'routine']);
  });
});

describe('budgets count only what went out', () => {
  it('does not spend the daily budget on a post the per-minute limit refused', async () => {
    const t = setup({ rateLimit: { perMinute: 1 }, budget: { perDay: 2 }, dangerReserveShare: 0 });
    await t.add('r1', { priority: 'routine' });
    await t.add('r2', { priority: 'routine' });
    await t.dispatcher.tick();
    expect(t.published()).toEqual(['r1']);
    expect((await t.store.getPost('r2'))?.lastError).toMatch(/^rate limit of x reached/);
    t.clock.advance(60_000);
    await t.dispatcher.tick();
    expect(t.published()).toEqual(['r1', 'r2']);
  });

  it('gives the slot back when the platform surely did not post, and keeps it when it may have', async () => {
    const t = setup({ budget: { perDay: 2 }, dangerReserveShare: 0 });
    t.channel().faults.push('server-error', 'lost-response');
    await t.add('p1', { priority: 'routine' });
    await t.dispatcher.tick();
    expect((await t.store.getPost('p1'))?.status).toBe('pending');
    t.clock.advance(5_000);
    // The 503 gave its slot back; the lost response (it did post) keeps its slot.
    await t.dispatcher.tick();
    expect((await t.store.getPost('p1'))?.status).toBe('attempting');
    t.clock.advance(60_000);
    await t.dispatcher.tick();
    expect((await t.store.getPost('p1'))?.status).toBe('sent');
    await t.add('p2', { priority: 'routine' });
    await t.add('p3', { priority: 'routine' });
    await t.dispatcher.tick();
    expect(t.published()).toEqual(['p1', 'p2']);
    expect((await t.store.getPost('p3'))?.status).toBe('dropped');
  });
});

describe('channels do not wait for each other', () => {
  it('sends a danger reply on one channel while another channel’s platform hangs', async () => {
    const t = setup({}, ['slow', 'fast']);
    t.channel('slow').hold();
    t.dispatcher.start();
    try {
      await t.add('s1', { channel: 'slow' });
      await t.add('s2', { channel: 'slow' });
      t.dispatcher.wake();
      await waitFor(() => t.channel('slow').started.includes('s1'), 10_000, 'the slow send to start');
      await t.add('danger', { channel: 'fast', priority: 'urgent' });
      await t.add('answer', { channel: 'fast' });
      t.dispatcher.wake();
      await waitFor(() => t.published('fast').length === 2, 10_000, 'the fast channel to send while the slow one hangs');
      expect(t.published('fast')).toEqual(['danger', 'answer']);
      expect(t.published('slow')).toEqual([]);
    } finally {
      t.channel('slow').releaseHold();
      await t.dispatcher.close(5_000);
    }
    expect(t.published('slow')).toEqual(['s1']);
    expect((await t.store.getPost('s2'))?.status).toBe('pending');
  });

  it('runs one claim loop however often queues run dry and posts wake it', async () => {
    const t = setup({ rateLimit: { perMinute: 1000 } }, ['a', 'b', 'c']);
    const claim = t.store.claimPosts.bind(t.store);
    let running = 0;
    let most = 0;
    let calls = 0;
    t.store.claimPosts = async (options) => {
      running++;
      calls++;
      most = Math.max(most, running);
      try {
        // A slow claim (a busy Redis) widens the window in which a wake could start a second loop.
        await new Promise((resolve) => setTimeout(resolve, 2));
        const result = await claim(options);
        // Wakes that land a few microtasks after the claim returns, where the round ends and the
        // next is scheduled (a queue running dry right then does exactly this).
        let hop: Promise<void> = Promise.resolve();
        for (let i = 0; i < 6; i++) {
          hop = hop.then(() => t.dispatcher.wake());
        }
        return result;
      } finally {
        running--;
      }
    };
    t.dispatcher.start();
    try {
      for (let i = 0; i < 150; i++) {
        await t.add(`p${i}`, { channel: ['a', 'b', 'c'][i % 3] as string });
        t.dispatcher.wake();
        if (i % 10 === 0) await new Promise((resolve) => setTimeout(resolve, 1));
      }
      await waitFor(async () => (await t.store.countPosts()).sent === 150, 20_000, 'every post sent');
    } finally {
      await t.dispatcher.close(5_000);
    }
    expect(calls).toBeGreaterThan(3);
    expect(most).toBe(1);
  });

  it('lets a danger reply claimed during a thread go between the thread’s parts', async () => {
    const t = setup();
    t.dispatcher.start();
    try {
      t.channel().onPublish = (request) => {
        if (request.key !== 'thread') return;
        void t.add('danger', { priority: 'urgent' }).then(() => t.dispatcher.wake());
      };
      t.channel().hold();
      await t.add('thread', { parts: ['one', 'two', 'three'], priority: 'emergency' });
      t.dispatcher.wake();
      await waitFor(async () => (await t.store.getPost('danger')) !== undefined, 10_000, 'the danger reply to be queued');
      // Let the claim that takes the danger reply happen while part one is still on its way.
      await waitFor(async () => (await t.store.getPost('danger'))?.status === 'claimed', 10_000, 'the danger reply to be claimed');
      t.channel().releaseHold();
      await waitFor(async () => (await t.store.getPost('thread'))?.status === 'sent', 10_000, 'the thread to finish');
    } finally {
      await t.dispatcher.close(5_000);
    }
    expect(t.published()).toEqual(['thread', 'danger', 'thread#2', 'thread#3']);
    const thread = t.channel().published.filter((p) => p.key.startsWith('thread'));
    expect(thread.map((p) => p.inReplyTo?.id)).toEqual([undefined, thread[0]?.id, thread[1]?.id]);
  });
});
