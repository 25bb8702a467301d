import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MENTION_WINDOW_KEY, type MentionWindow } from '../../../src/channels/kit/mention-poller.js';
import type { InboundMessage } from '../../../src/domain/inbound-message.js';
import { startFakeMastodon, type FakeMastodon } from '../../fakes/mastodon/fake-mastodon-server.js';
import { makeChannel, memoryState } from './mastodon-harness.js';

describe('mastodon channel: reading mentions', () => {
  let fake: FakeMastodon;

  beforeAll(async () => {
    fake = await startFakeMastodon({ token: 'tok-inbound' });
  });
  afterAll(async () => {
    await fake.close();
  });

  it('normalises mentions, and after a restart re-reads only the overlap (same ids, which the pipeline dedupes) and what is new', async () => {
    const state = memoryState();
    const first = makeChannel(fake, {}, state);
    const received: InboundMessage[] = [];
    const public1 = fake.mention({ from: 'alice@example.org', text: 'Is <Main St> closed & why?\n\nSee https://news.example/articles/main-street-closure-2024-update' });
    const direct = fake.mention({ from: 'bob', text: 'private question', visibility: 'direct', bot: true });
    await first.channel.start(async (m) => {
      received.push(m);
    });
    await first.channel.pollNow();
    expect(received.map((m) => m.id)).toEqual([public1.id, direct.id]);

    const [a, b] = received;
    expect(a).toMatchObject({
      channel: 'mastodon-city',
      author: { handle: 'alice@example.org', isBot: false },
      text: 'Is <Main St> closed & why?\n\nSee https://news.example/articles/main-street-closure-2024-update',
      threadId: public1.id,
      isDirect: false,
      replyTarget: { messageId: public1.id, authorHandle: 'alice@example.org', extra: { visibility: 'public' } },
    });
    expect(a?.createdAt).toBe(Date.parse(public1.createdAt));
    expect(a?.receivedAt).toBeGreaterThanOrEqual(a?.createdAt ?? 0);
    expect(b).toMatchObject({ author: { handle: 'bob', isBot: true }, text: 'private question', isDirect: true, replyTarget: { extra: { visibility: 'direct' } } });

    // Polling again finds nothing new.
    await first.channel.pollNow();
    expect(received).toHaveLength(2);
    await first.channel.close();

    // A new adapter instance sharing the state re-reads the overlap window and reads what is new.
    const later = fake.mention({ from: 'carol@example.org', text: 'what about Elm St?' });
    const second = makeChannel(fake, {}, state);
    const again: InboundMessage[] = [];
    await second.channel.start(async (m) => {
      again.push(m);
    });
    await second.channel.pollNow();
    expect(again.map((m) => m.id)).toEqual([public1.id, direct.id, later.id]);
    expect((await state.get<MentionWindow>(MENTION_WINDOW_KEY))?.readTo).toBe(Date.parse(later.createdAt));
    await second.channel.close();
  });

  it('names the thread after its first status, however deep the mention is', async () => {
    const state = memoryState();
    const root = fake.mention({ from: 'dave', text: 'first question' });
    const h = makeChannel(fake, {}, state);
    const received: InboundMessage[] = [];
    await h.channel.start(async (m) => {
      received.push(m);
    });
    await h.channel.pollNow();
    const ours = await h.channel.publish({ key: 'r1', text: 'answer', replyTo: { messageId: root.id, authorHandle: 'dave' } });
    const followUp = fake.mention({ from: 'dave', text: 'follow-up', inReplyToId: ours.id });
    await h.channel.pollNow();
    const last = received.at(-1);
    expect(last?.id).toBe(followUp.id);
    expect(last?.threadId).toBe(root.id);
    await h.channel.close();
  });

  it('pages through a backlog longer than one page, oldest first', async () => {
    const state = memoryState();
    const h = makeChannel(fake, {}, state);
    const received: InboundMessage[] = [];
    await h.channel.start(async (m) => {
      received.push(m);
    });
    await h.channel.pollNow();
    received.length = 0;
    const backlog = Array.from({ length: 95 }, (_, i) => fake.mention({ from: `user${i}`, text: `question ${i}` }));
    await h.channel.pollNow();
    expect(received.map((m) => m.id)).toEqual(backlog.map((s) => s.id));
    await h.channel.close();
  });

  it('on a first start without a cursor, reads a burst longer than one page, oldest first', async () => {
    const burst = Array.from({ length: 95 }, (_, i) => fake.mention({ from: `early${i}`, text: `before the first poll ${i}` }));
    const h = makeChannel(fake, {}, memoryState());
    const received: InboundMessage[] = [];
    await h.channel.start(async (m) => {
      received.push(m);
    });
    await h.channel.pollNow();
    const ids = new Set(burst.map((s) => s.id));
    expect(received.filter((m) => ids.has(m.id)).map((m) => m.id)).toEqual(burst.map((s) => s.id));
    // The cursor now sits after the burst: the next poll delivers nothing again.
    const count = received.length;
    await h.channel.pollNow();
    expect(received.length).toBe(count);
    await h.channel.close();
  });

  it('on a first start, skips mentions older than the backlog window', async () => {
    fake.mention({ from: 'old@example.org', text: 'from last week' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const h = makeChannel(fake, { firstRunBacklogMinutes: 0 });
    const received: InboundMessage[] = [];
    await h.channel.start(async (m) => {
      received.push(m);
    });
    await h.channel.pollNow();
    expect(received).toEqual([]);
    expect(h.state.map.get(MENTION_WINDOW_KEY)).toMatchObject({ readTo: expect.any(Number), floor: expect.any(Number) });
    const fresh = fake.mention({ from: 'new@example.org', text: 'just now' });
    await h.channel.pollNow();
    expect(received.map((m) => m.id)).toEqual([fresh.id]);
    await h.channel.close();
  });

  it('a failed poll degrades health, keeps the window, and the next poll catches up', async () => {
    const h = makeChannel(fake, {});
    const received: InboundMessage[] = [];
    await h.channel.start(async (m) => {
      received.push(m);
    });
    await h.channel.pollNow();
    const cursor = h.state.map.get(MENTION_WINDOW_KEY);
    fake.fail('server-error', { match: 'GET /api/v1/notifications' });
    const missed = fake.mention({ from: 'erin', text: 'hello?' });
    await expect(h.channel.pollNow()).rejects.toMatchObject({ code: 'PLATFORM_UNAVAILABLE', retryable: true });
    expect(h.channel.health().state).toBe('degraded');
    expect(h.state.map.get(MENTION_WINDOW_KEY)).toEqual(cursor);
    await h.channel.pollNow();
    expect(received.at(-1)?.id).toBe(missed.id);
    expect(h.channel.health().state).toBe('ok');
    await h.channel.close();
  });

  it('polls on its own timer when pollSeconds > 0', async () => {
    const h = makeChannel(fake, { pollSeconds: 1 });
    const received: InboundMessage[] = [];
    await h.channel.start(async (m) => {
      received.push(m);
    });
    await h.channel.pollNow();
    const next = fake.mention({ from: 'frank', text: 'timer?' });
    await expect.poll(() => received.map((m) => m.id), { timeout: 3000, interval: 100 }).toContain(next.id);
    await h.channel.close();
  });
});
