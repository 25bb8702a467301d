import { beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_CAPABILITIES } from '../../src/channels/kit/channel-capabilities.js';
import { channelCommonSchema, configSchema } from '../../src/config/schema.js';
import { newPost } from '../../src/domain/post.js';
import { createLogger } from '../../src/logging/logger.js';
import { Dispatcher, type SettleOutcome } from '../../src/outbox/dispatcher.js';
import { PauseSwitch } from '../../src/outbox/pause-switch.js';
import { lookupInterval } from '../../src/outbox/settle-unknown.js';
import { MemoryStore } from '../../src/store/memory/memory-store.js';
import { ManualClock, ScriptedChannel } from '../support/scripted-channel.js';

const SETTLE_MS = 30_000;

function setup() {
  const clock = new ManualClock(1_699_920_000_000 + 3_600_000);
  const store = new MemoryStore();
  const channel = new ScriptedChannel('chan', undefined, clock.now);
  channel.capabilities = { ...DEFAULT_CAPABILITIES, settleWindowMs: SETTLE_MS, indexingLagMs: 2_500 };
  const settled: SettleOutcome[] = [];
  const dispatcher = new Dispatcher({
    store,
    channels: new Map([['chan', channel]]),
    channelConfigs: { chan: channelCommonSchema.parse({ kind: 'scripted' }) },
    outbox: configSchema.shape.outbox.parse({ backoffBaseMs: 1000, backoffMaxMs: 60_000, maxAttempts: 5, leaseMs: 30_000 }),
    pause: new PauseSwitch(store, 0),
    clock,
    logger: createLogger({ level: 'silent' }),
    instanceId: 'test',
    random: () => 0.5,
    observer: { onSettled: (_post, outcome) => settled.push(outcome) },
  });
  const add = (id: string) => store.enqueuePost(newPost({ id, channel: 'chan', parts: [`text ${id}`], priority: 'emergency', dueAt: clock.now(), source: 'test' }, clock.now()));
  /** Moves time in lookup-sized steps, ticking each time, until `ms` have passed. */
  const run = async (ms: number) => {
    const step = lookupInterval(channel.capabilities ?? DEFAULT_CAPABILITIES);
    for (let waited = 0; waited < ms; waited += step) {
      clock.advance(step);
      await dispatcher.tick();
    }
  };
  return { clock, store, channel, dispatcher, add, run, settled };
}

describe('unknown outcomes are settled before any resend', () => {
  let t: ReturnType<typeof setup>;
  beforeEach(() => {
    t = setup();
  });

  it('a post that shows only after the indexing lag is found by a later lookup, never resent', async () => {
    t.channel.lagMs = 2_500;
    await t.add('p');
    t.channel.faults.push('lost-response');
    await t.dispatcher.tick();
    expect((await t.store.getPost('p'))?.status).toBe('attempting');
    await t.run(SETTLE_MS);
    expect((await t.store.getPost('p'))?.status).toBe('sent');
    expect(t.channel.published).toHaveLength(1);
    expect(t.settled).toEqual(['found']);
  });

  it('a 5xx after the post was stored is settled like a lost answer: found, not doubled', async () => {
    t.channel.lagMs = 1_000;
    await t.add('p');
    t.channel.faults.push('error-after-create');
    await t.dispatcher.tick();
    await t.run(SETTLE_MS);
    expect((await t.store.getPost('p'))?.status).toBe('sent');
    expect(t.channel.published).toHaveLength(1);
  });

  it('resends only after looking it up over the whole settle window without a sighting', async () => {
    await t.add('p');
    // A process recorded the attempt and died before the request left: nothing is on the platform.
    await t.store.claimPosts({ now: t.clock.now(), limit: 1, owner: 'dead', leaseMs: 1_000 });
    await t.store.updateClaimed('p', 'dead', { status: 'attempting', attempts: 1 }, t.clock.now());
    t.clock.advance(1_000);
    await t.dispatcher.tick();
    // Interrupted attempt: the window starts at recovery; nothing is resent inside it.
    await t.run(SETTLE_MS - 6_000);
    expect(t.channel.published).toHaveLength(0);
    expect((await t.store.getPost('p'))?.status).toBe('attempting');
    expect((await t.store.getPost('p'))?.lastError).toMatch(/settling: not visible/);
    const looked = t.channel.lookups;
    expect(looked).toBeGreaterThanOrEqual(4);
    await t.run(12_000);
    expect((await t.store.getPost('p'))?.status).toBe('sent');
    expect(t.channel.published).toHaveLength(1);
    expect(t.settled).toEqual(['not-found-resent']);
  });

  it('a lookup that fails in a passing way is asked again later, never parked as unknown', async () => {
    await t.add('p');
    t.channel.faults.push('lost-response');
    await t.dispatcher.tick();
    t.channel.lookupAnswer = 'fail';
    await t.run(10_000);
    const waiting = await t.store.getPost('p');
    expect(waiting?.status).toBe('attempting');
    expect(waiting?.lastError).toMatch(/lookup failed/);
    t.channel.lookupAnswer = 'truth';
    await t.run(5_000);
    expect((await t.store.getPost('p'))?.status).toBe('sent');
    expect(t.channel.published).toHaveLength(1);
  });

  it('a repeat refused after a may-have-succeeded attempt means "look it up": recorded as sent when it is live', async () => {
    t.channel.lagMs = 60_000; // slower than the whole settle window
    await t.add('p');
    t.channel.faults.push('lost-response', 'duplicate');
    await t.dispatcher.tick();
    await t.run(SETTLE_MS + 5_000); // not seen in the window: sent again, and refused as a repeat
    expect(t.settled).toEqual(['not-found-resent']);
    expect((await t.store.getPost('p'))?.status).toBe('attempting');
    await t.run(SETTLE_MS);
    // Live all along: recorded as sent with the platform's copy, never "failed".
    const post = await t.store.getPost('p');
    expect(post?.status).toBe('sent');
    expect(post?.sentParts).toEqual([{ id: 'm1' }]);
    expect(t.channel.published).toHaveLength(1);
    expect(t.settled).toEqual(['not-found-resent', 'found']);
  });

  it('a repeat refusal that is never found is parked with the reason, not resent', async () => {
    await t.add('p');
    t.channel.faults.push('lost-response');
    await t.dispatcher.tick();
    // The lost post vanished from the platform (say, deleted): the resend is refused as a repeat anyway.
    const gone = t.channel.published.splice(0);
    expect(gone).toHaveLength(1);
    t.channel.faults.push('duplicate');
    await t.run(SETTLE_MS + 5_000);
    await t.run(SETTLE_MS + 5_000);
    const post = await t.store.getPost('p');
    expect(post?.status).toBe('failed');
    expect(post?.lastError).toMatch(/refused a resend as a repeat/);
    expect(t.settled).toEqual(['not-found-resent', 'parked']);
  });

  it('posts wait, without an attempt, while the channel is starting or down', async () => {
    t.channel.forcedState = 'down';
    await t.add('p');
    await t.dispatcher.tick();
    const post = await t.store.getPost('p');
    expect(post?.status).toBe('pending');
    expect(post?.attempts).toBe(0);
    expect(post?.dueAt).toBeGreaterThan(t.clock.now());
    t.channel.forcedState = undefined;
    t.clock.advance(10_000);
    await t.dispatcher.tick();
    expect((await t.store.getPost('p'))?.status).toBe('sent');
  });
});
