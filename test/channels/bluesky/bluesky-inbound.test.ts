import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MENTION_WINDOW_KEY, type MentionWindow } from '../../../src/channels/kit/mention-poller.js';
import type { Harness } from './harness.js';
import { harness } from './harness.js';

describe('bluesky inbound', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness();
  });
  afterEach(async () => {
    await h.close();
  });

  it('turns mentions and replies into normalised messages, oldest first, ignoring likes', async () => {
    const channel = await h.channel();
    const ours = await channel.publish({ key: 'a', text: 'Roads closed downtown' });
    const alice = h.fake.addUser('alice.bsky.social');
    const bot = h.fake.addUser('weatherbot.bsky.social', { bot: true });
    const mention = h.fake.citizenPost(alice, '@civicast.bsky.social is the bridge open?');
    const reply = h.fake.citizenPost(bot, 'Which roads?', ours.id);
    h.fake.like(alice, h.fake.ownPosts()[0]!);

    const before = Date.now();
    await channel.pollNow();
    expect(h.inbox).toHaveLength(2);
    const [first, second] = h.inbox;
    expect(first).toEqual({
      id: mention.uri,
      channel: 'bsky-city',
      author: { id: alice.did, handle: 'alice.bsky.social' },
      text: '@civicast.bsky.social is the bridge open?',
      threadId: mention.uri,
      isDirect: false,
      createdAt: Date.parse(mention.value['createdAt'] as string),
      receivedAt: expect.any(Number),
      replyTarget: {
        messageId: mention.uri,
        authorHandle: 'alice.bsky.social',
        extra: { parentCid: mention.cid, rootUri: mention.uri, rootCid: mention.cid, authorDid: alice.did },
      },
    });
    expect(first!.receivedAt).toBeGreaterThanOrEqual(before);
    expect(second).toMatchObject({
      id: reply.uri,
      author: { id: bot.did, handle: 'weatherbot.bsky.social', isBot: true },
      text: 'Which roads?',
      threadId: ours.id,
      replyTarget: { messageId: reply.uri, extra: { parentCid: reply.cid, rootUri: ours.id } },
    });
  });

  it('saves where it read to, so a new instance re-reads only the overlap (which the pipeline dedupes)', async () => {
    const alice = h.fake.addUser('alice.bsky.social');
    const first = h.fake.citizenPost(alice, 'first question');
    const second = h.fake.citizenPost(alice, 'second question');
    const channel = await h.channel({ mentionOverlapSeconds: 0 });
    await channel.pollNow();
    expect(h.inbox.map((m) => m.text)).toEqual(['first question', 'second question']);
    const window = await h.state.get<MentionWindow>(MENTION_WINDOW_KEY);
    expect(window?.readTo).toBe(Date.parse(second.indexedAt));

    await channel.pollNow();
    expect(h.inbox).toHaveLength(2);
    // Without overlap the restarted instance reads from the newest delivered instant on; with the
    // default overlap it would also hand over `second` again, with the same id.
    const restarted = await h.channel({ mentionOverlapSeconds: 0 });
    await restarted.pollNow();
    expect(h.inbox.map((m) => m.id)).toEqual([first.uri, second.uri, second.uri]);
    h.inbox.pop();

    h.fake.citizenPost(alice, 'third question');
    await restarted.pollNow();
    expect(h.inbox.map((m) => m.text)).toEqual(['first question', 'second question', 'third question']);
  });

  it('pages back through notifications after a long pause without skipping any', async () => {
    const alice = h.fake.addUser('alice.bsky.social');
    h.fake.citizenPost(alice, 'q0');
    const channel = await h.channel();
    await channel.pollNow();
    for (let i = 1; i <= 120; i++) h.fake.citizenPost(alice, `q${i}`);
    await channel.pollNow();
    expect(h.inbox.map((m) => m.text)).toEqual(Array.from({ length: 121 }, (_, i) => `q${i}`));
  });

  it('does not move the window past a message whose handler failed', async () => {
    const alice = h.fake.addUser('alice.bsky.social');
    h.fake.citizenPost(alice, 'one');
    h.fake.citizenPost(alice, 'two');
    const seen: string[] = [];
    let failOnce = true;
    const channel = h.create();
    await channel.start(async (message) => {
      if (message.text === 'two' && failOnce) {
        failOnce = false;
        throw new Error('pipeline down');
      }
      seen.push(message.text);
    });
    await expect(channel.pollNow()).rejects.toThrow('pipeline down');
    expect(channel.health().state).toBe('ok'); // our handler failing says nothing about Bluesky
    await channel.pollNow();
    expect(seen).toEqual(['one', 'two']);
  });

  it('keeps the window and degrades health when listNotifications fails', async () => {
    const alice = h.fake.addUser('alice.bsky.social');
    const one = h.fake.citizenPost(alice, 'one');
    const channel = await h.channel();
    h.fake.inject({ kind: 'server-error', count: 1, method: 'app.bsky.notification.listNotifications' });
    await expect(channel.pollNow()).rejects.toMatchObject({ code: 'PLATFORM_UNAVAILABLE', retryable: true });
    expect(channel.health().state).toBe('degraded');
    const window = await h.state.get<MentionWindow>(MENTION_WINDOW_KEY);
    expect(window?.readTo).toBeLessThan(Date.parse(one.indexedAt));
    await channel.pollNow();
    expect(h.inbox.map((m) => m.text)).toEqual(['one']);
    expect(channel.health().state).toBe('ok');
  });

  it('reads nothing with pollSeconds 0', async () => {
    const alice = h.fake.addUser('alice.bsky.social');
    h.fake.citizenPost(alice, 'hello');
    const channel = await h.channel({ pollSeconds: 0 });
    await channel.pollNow();
    expect(h.inbox).toHaveLength(0);
    expect(h.fake.calls).not.toContain('app.bsky.notification.listNotifications');
  });

  it('polls on its timer', async () => {
    const alice = h.fake.addUser('alice.bsky.social');
    h.fake.citizenPost(alice, 'timer');
    await h.channel({ pollSeconds: 0.05 });
    await expect.poll(() => h.inbox.length, { timeout: 2_000 }).toBe(1);
  });
});
