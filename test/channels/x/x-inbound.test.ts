import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MENTION_WINDOW_KEY } from '../../../src/channels/kit/mention-poller.js';
import type { InboundMessage } from '../../../src/domain/inbound-message.js';
import { FakeXServer } from '../../fakes/x/fake-x-server.js';
import { makeChannel, MemoryState, sleep } from './x-harness.js';

describe('X channel: mentions polling against the fake X API', () => {
  const fake = new FakeXServer();

  beforeAll(async () => {
    await fake.start();
  });
  afterAll(async () => {
    await fake.stop();
  });

  it('delivers new mentions normalised, oldest first, and a restart re-reads only the overlap, never history', async () => {
    const citizen = fake.addUser('maria_k');
    const other = fake.addUser('joe');
    // Written before the channel ever ran: history is never answered.
    fake.addMention(other, 'old question from last year');
    await sleep(5);

    const state = new MemoryState();
    const received: InboundMessage[] = [];
    const first = makeChannel(fake, {}, undefined, state);
    await first.channel.start(async (m) => {
      received.push(m);
    });
    await sleep(5);
    const a = fake.addMention(citizen, 'Is the shelter on 5th & Pine open? <urgent>');
    const b = fake.addMention(other, 'power out on Elm');
    await first.channel.pollNow();

    expect(received.map((m) => m.id)).toEqual([a.id, b.id]);
    const [ma] = received;
    expect(ma).toMatchObject({
      id: a.id,
      channel: 'x-test',
      author: { id: citizen.id, handle: 'maria_k' },
      text: '@city311 Is the shelter on 5th & Pine open? <urgent>',
      threadId: a.id,
      isDirect: false,
      replyTarget: { messageId: a.id, authorHandle: 'maria_k' },
    });
    expect(ma?.createdAt).toBe(Date.parse(a.created_at));
    expect(typeof ma?.receivedAt).toBe('number');
    expect(await state.get(MENTION_WINDOW_KEY)).toMatchObject({ readTo: Date.parse(b.created_at) });

    // Our own post mentioning ourselves is not a citizen's message.
    await first.channel.publish({ key: 'self', text: 'Thanks @city311 followers' });
    await first.channel.pollNow();
    expect(received).toHaveLength(2);
    await first.channel.close();

    // Restart with the same state: the overlap is read again (the reply pipeline dedupes those
    // by id), history before the first start never, and what is new once.
    const again: InboundMessage[] = [];
    const second = makeChannel(fake, {}, undefined, state);
    await second.channel.start(async (m) => {
      again.push(m);
    });
    await second.channel.pollNow();
    expect(again.map((m) => m.id)).toEqual([a.id, b.id]);
    const c = fake.addMention(citizen, 'thanks!', a.id);
    await second.channel.pollNow();
    expect(again.map((m) => m.id)).toEqual([a.id, b.id, c.id]);
    expect(again[2]?.threadId).toBe(a.id);
    // The account id came from state: no second GET /2/users/me for the same credentials.
    expect(fake.requests.filter((r) => r.path === '/2/users/me')).toHaveLength(1);
    await second.channel.close();
  });

  it('keeps the cursor before a message whose handler failed, and delivers it next poll', async () => {
    const citizen = fake.addUser('retry_me');
    const state = new MemoryState();
    const h = makeChannel(fake, {}, undefined, state);
    let fail = true;
    const got: string[] = [];
    await h.channel.start(async (m) => {
      if (fail && m.text.includes('second')) throw new Error('reply pipeline down');
      got.push(m.text);
    });
    await sleep(5);
    fake.addMention(citizen, 'first');
    fake.addMention(citizen, 'second');
    await expect(h.channel.pollNow()).rejects.toThrow();
    fail = false;
    await h.channel.pollNow();
    expect(got).toEqual(['@city311 first', '@city311 second']);
    await h.channel.close();
  });

  it('maps a 429 on the mentions endpoint to RATE_LIMITED with the window reset', async () => {
    const h = makeChannel(fake);
    await h.channel.start(async () => {});
    fake.exhaustWindow('GET /2/users/:id/mentions', 300);
    const reset = Math.floor(Date.now() / 1000) + 300;
    const error = await h.channel.pollNow().then(
      () => undefined,
      (e: unknown) => e as { code: string; retryAt?: number },
    );
    expect(error?.code).toBe('RATE_LIMITED');
    expect(Math.abs((error?.retryAt ?? 0) - reset * 1000)).toBeLessThanOrEqual(1000);
    await h.channel.close();
  });

  it('polls on its own timer when pollSeconds > 0', async () => {
    // A generous window, so the header-driven spacing falls back to the 1 s floor.
    fake.resetWindows();
    fake.windowLimit = 100_000;
    const citizen = fake.addUser('timer_user');
    const got: string[] = [];
    const h = makeChannel(fake, { pollSeconds: 1 });
    await h.channel.start(async (m) => {
      got.push(m.id);
    });
    await sleep(20);
    const m = fake.addMention(citizen, 'hello timer');
    for (let i = 0; i < 40 && got.length === 0; i += 1) await sleep(100);
    expect(got).toEqual([m.id]);
    await h.channel.close();
  });
});
