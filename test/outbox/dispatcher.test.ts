import { beforeEach, describe, expect, it } from 'vitest';
import { channelCommonSchema, configSchema } from '../../src/config/schema.js';
import { newPost, type NewPost } from '../../src/domain/post.js';
import { createLogger } from '../../src/logging/logger.js';
import { Dispatcher } from '../../src/outbox/dispatcher.js';
import { PauseSwitch } from '../../src/outbox/pause-switch.js';
import { MemoryStore } from '../../src/store/memory/memory-store.js';
import { ManualClock, ScriptedChannel } from '../support/scripted-channel.js';

const logger = createLogger({ level: 'silent' });

function setup(channelConfig: Record<string, unknown> = {}) {
  const clock = new ManualClock(1_699_920_000_000 + 3_600_000); // 01:00 UTC: the daily window resets in 23 h
  const store = new MemoryStore();
  const channel = new ScriptedChannel('x');
  const outbox = configSchema.shape.outbox.parse({ backoffBaseMs: 1000, backoffMaxMs: 60_000, maxAttempts: 3, leaseMs: 30_000 });
  const pause = new PauseSwitch(store, 0);
  const dispatcher = new Dispatcher({
    store,
    channels: new Map([['x', channel]]),
    channelConfigs: { x: channelCommonSchema.parse({ kind: 'x', ...channelConfig }) },
    outbox,
    pause,
    clock,
    logger,
    instanceId: 'test',
    random: () => 0.5,
  });
  const add = (id: string, extra: Partial<NewPost> = {}) =>
    store.enqueuePost(newPost({ id, channel: 'x', parts: [`text ${id}`], priority: 'routine', dueAt: clock.now(), source: 'test', ...extra }, clock.now()));
  return { clock, store, channel, dispatcher, pause, add };
}

describe('Dispatcher', () => {
  let t: ReturnType<typeof setup>;
  beforeEach(() => {
    t = setup();
  });

  it('sends due posts urgent first and records them as sent with the platform reference', async () => {
    await t.add('routine');
    await t.add('urgent', { priority: 'urgent' });
    await t.add('later', { dueAt: t.clock.now() + 60_000 });
    await t.dispatcher.tick();
    expect(t.channel.published.map((p) => p.key)).toEqual(['urgent', 'routine']);
    const sent = await t.store.getPost('urgent');
    expect(sent?.status).toBe('sent');
    expect(sent?.sentParts).toEqual([{ id: 'm1', url: 'https://example.test/m1' }]);
    expect((await t.store.getPost('later'))?.status).toBe('pending');
    expect((await t.store.tailAudit(5)).filter((e) => e.action === 'post.sent')).toHaveLength(2);
  });

  it('publishes a thread as a reply chain and resumes after the last part that went out', async () => {
    await t.add('thread', { parts: ['one', 'two', 'three'] });
    t.channel.faults.push('ok', 'server-error');
    await t.dispatcher.tick();
    let post = await t.store.getPost('thread');
    expect(post?.status).toBe('pending');
    expect(post?.sentParts).toHaveLength(1);
    t.clock.advance(60_000);
    await t.dispatcher.tick();
    post = await t.store.getPost('thread');
    expect(post?.status).toBe('sent');
    expect(t.channel.published.map((p) => [p.key, p.text, p.inReplyTo?.id])).toEqual([
      ['thread', 'one', undefined],
      ['thread#2', 'two', 'm1'],
      ['thread#3', 'three', 'm2'],
    ]);
  });

  it('retries retryable failures with backoff and parks the post after max attempts', async () => {
    await t.add('p');
    t.channel.faults.push('server-error', 'server-error', 'server-error');
    await t.dispatcher.tick();
    const first = await t.store.getPost('p');
    expect(first?.status).toBe('pending');
    expect(first?.dueAt).toBeGreaterThan(t.clock.now());
    await t.dispatcher.tick();
    expect(t.channel.published).toHaveLength(0);
    for (let i = 0; i < 2; i++) {
      t.clock.advance(120_000);
      await t.dispatcher.tick();
    }
    const parked = await t.store.getPost('p');
    expect(parked?.status).toBe('failed');
    expect(parked?.lastError).toMatch(/after 3 attempts/);
  });

  it('parks a rejected post at once with the reason', async () => {
    await t.add('bad');
    t.channel.faults.push('rejected');
    await t.dispatcher.tick();
    const post = await t.store.getPost('bad');
    expect(post?.status).toBe('failed');
    expect(post?.lastError).toMatch(/REJECTED: 422/);
  });

  it('honours a 429 reset time for the whole channel', async () => {
    await t.add('a');
    await t.add('b');
    t.channel.retryAt = t.clock.now() + 90_000;
    t.channel.faults.push('rate-limited');
    await t.dispatcher.tick();
    expect((await t.store.getPost('a'))?.dueAt).toBeGreaterThanOrEqual(t.clock.now() + 90_000);
    expect((await t.store.getPost('b'))?.status).toBe('pending');
    t.clock.advance(60_000);
    await t.dispatcher.tick();
    expect(t.channel.published).toHaveLength(0);
    t.clock.advance(32_000);
    await t.dispatcher.tick();
    expect(t.channel.published.map((p) => p.key).sort()).toEqual(['a', 'b']);
  });

  it('reconciles a post whose response was lost instead of posting it again', async () => {
    await t.add('lost');
    t.channel.faults.push('lost-response');
    await t.dispatcher.tick();
    expect((await t.store.getPost('lost'))?.status).toBe('attempting');
    t.clock.advance(120_000);
    await t.dispatcher.tick();
    expect((await t.store.getPost('lost'))?.status).toBe('sent');
    expect(t.channel.published).toHaveLength(1);
  });

  it('resends only when the platform confirms the earlier attempt did not arrive', async () => {
    await t.add('p');
    await t.store.claimPosts({ now: t.clock.now(), limit: 1, owner: 'dead', leaseMs: 1000 });
    await t.store.updateClaimed('p', 'dead', { status: 'attempting', attempts: 1 }, t.clock.now());
    t.clock.advance(2000);
    await t.dispatcher.tick();
    expect(t.channel.published.map((p) => p.key)).toEqual(['p']);
    expect((await t.store.getPost('p'))?.status).toBe('sent');
  });

  it('parks for a person when the platform cannot say whether an attempt arrived', async () => {
    await t.add('p');
    await t.store.claimPosts({ now: t.clock.now(), limit: 1, owner: 'dead', leaseMs: 1000 });
    await t.store.updateClaimed('p', 'dead', { status: 'attempting', attempts: 1 }, t.clock.now());
    t.channel.lookupAnswer = 'unknown';
    t.clock.advance(2000);
    await t.dispatcher.tick();
    expect(t.channel.published).toHaveLength(0);
    const post = await t.store.getPost('p');
    expect(post?.status).toBe('failed');
    expect(post?.lastError).toMatch(/unknown/);
  });

  it('sends nothing while paused, and everything after resume', async () => {
    await t.add('p');
    await t.pause.set(true, 'user:ops', t.clock.now());
    await t.dispatcher.tick();
    expect(t.channel.published).toHaveLength(0);
    await t.pause.set(false, 'user:ops', t.clock.now());
    await t.dispatcher.tick();
    expect(t.channel.published).toHaveLength(1);
  });

  it('holds a post back on an auth failure and keeps other channels going', async () => {
    await t.add('p');
    t.channel.faults.push('auth');
    await t.dispatcher.tick();
    const post = await t.store.getPost('p');
    expect(post?.status).toBe('pending');
    expect(post?.lastError).toMatch(/AUTH_FAILED/);
  });

  it('threads an update under the campaign’s first post once that is out', async () => {
    await t.add('first');
    await t.add('update', { threadUnder: 'first', priority: 'urgent' });
    await t.dispatcher.tick();
    t.clock.advance(10_000);
    await t.dispatcher.tick();
    const update = t.channel.published.find((p) => p.key === 'update');
    expect(update?.inReplyTo?.id).toBe(t.channel.published.find((p) => p.key === 'first')?.id);
  });
});

describe('post budget', () => {
  it('lets emergency posts use the reserve that routine posts may not touch, and danger replies the last slot', async () => {
    // perDay 4: one slot is the danger reserve (ceil(4 × 0.1)), two are kept for emergencies.
    const t = setup({ budget: { perDay: 4, reserveForEmergency: 2 } });
    await t.add('r1');
    await t.add('r2');
    await t.dispatcher.tick();
    expect(t.channel.published.map((p) => p.key)).toEqual(['r1']);
    const waiting = await t.store.getPost('r2');
    expect(waiting?.status).toBe('dropped'); // the window resets in 23 h: too late for routine
    expect(waiting?.lastError).toMatch(/daily budget/);
    await t.add('e1', { priority: 'emergency' });
    await t.add('e2', { priority: 'urgent' });
    await t.add('e3', { priority: 'emergency' });
    await t.dispatcher.tick();
    expect(t.channel.published.map((p) => p.key)).toEqual(['r1', 'e2', 'e1']);
    expect((await t.store.getPost('e3'))?.status).toBe('pending');
    await t.add('danger', { priority: 'urgent' });
    await t.dispatcher.tick();
    expect(t.channel.published.map((p) => p.key)).toEqual(['r1', 'e2', 'e1', 'danger']);
  });

  it('drops a routine post with a logged reason when the budget would make it too late', async () => {
    const t = setup({ budget: { perDay: 1, reserveForEmergency: 0 } });
    await t.add('r1');
    await t.add('r2');
    await t.dispatcher.tick();
    const dropped = await t.store.getPost('r2');
    expect(dropped?.status).toBe('dropped');
    expect(dropped?.lastError).toMatch(/routine post would be more than 360 min late/);
  });
});
