import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InboundMessage } from '../../../src/domain/inbound-message.js';
import { startFakeMastodon, type FakeMastodon } from '../../fakes/mastodon/fake-mastodon-server.js';
import { makeChannel, type Harness } from './mastodon-harness.js';

describe('mastodon channel: publishing', () => {
  let fake: FakeMastodon;
  let h: Harness;

  beforeAll(async () => {
    fake = await startFakeMastodon({ token: 'tok-publish-secret' });
    h = makeChannel(fake, { pollSeconds: 0 });
    await h.channel.start(async () => {});
  });
  afterAll(async () => {
    await h.channel.close();
    await fake.close();
  });

  it('declares Mastodon limits', () => {
    expect(h.channel.kind).toBe('mastodon');
    expect(h.channel.limits).toEqual({ maxLength: 500, lengthRule: 'url23', threads: true, maxThreadParts: 10 });
  });

  it('posts a status with the part key as Idempotency-Key', async () => {
    const ref = await h.channel.publish({ key: 'post-1', text: 'Boil water notice for Ward 3 until Friday.' });
    const stored = fake.posted().find((s) => s.id === ref.id);
    expect(stored?.text).toBe('Boil water notice for Ward 3 until Friday.');
    expect(stored?.visibility).toBe('public');
    expect(ref.url).toBe(`https://${fake.host}/@cityalerts/${ref.id}`);
    expect(fake.requests.filter((r) => r.method === 'POST').at(-1)?.idempotencyKey).toBe('post-1');
  });

  it('publishing the same key twice leaves one status (the instance deduplicates)', async () => {
    const before = fake.posted().length;
    const a = await h.channel.publish({ key: 'post-dup', text: 'Shelter open at Central High.' });
    const b = await h.channel.publish({ key: 'post-dup', text: 'Shelter open at Central High.' });
    expect(b.id).toBe(a.id);
    expect(fake.posted().length).toBe(before + 1);
  });

  it('chains a thread of three parts as self-replies', async () => {
    const first = await h.channel.publish({ key: 'thread', text: 'Part one (1/3)' });
    const second = await h.channel.publish({ key: 'thread#2', text: 'Part two (2/3)', inReplyTo: first });
    const third = await h.channel.publish({ key: 'thread#3', text: 'Part three (3/3)', inReplyTo: second });
    const byId = (id: string) => fake.statuses.find((s) => s.id === id);
    expect(byId(first.id)?.inReplyToId).toBeNull();
    expect(byId(second.id)?.inReplyToId).toBe(first.id);
    expect(byId(third.id)?.inReplyToId).toBe(second.id);
    expect(new Set([first.id, second.id, third.id]).size).toBe(3);
  });

  it('replies to a mention addressing only the asker; other @names do not notify', async () => {
    const mention = fake.mention({ from: 'alice@example.org', text: 'is the pool open?' });
    const ref = await h.channel.publish({
      key: 'reply:1',
      text: 'Pools reopen Monday. Ask @admin@city.example or mail info@city.example.',
      replyTo: { messageId: mention.id, authorHandle: 'alice@example.org', extra: { visibility: 'public' } },
    });
    const reply = fake.statuses.find((s) => s.id === ref.id);
    expect(reply?.inReplyToId).toBe(mention.id);
    expect(reply?.text.startsWith('@alice@example.org Pools reopen Monday.')).toBe(true);
    expect(reply?.text).toContain('info@city.example');
    expect(reply?.mentions.map((m) => m.acct)).toEqual(['alice@example.org']);
  });

  it('answers a direct mention privately, and later parts of that answer stay direct', async () => {
    const mention = fake.mention({ from: 'bob@social.example', text: 'my address is private, is my street flooded?', visibility: 'direct' });
    const target = { messageId: mention.id, authorHandle: 'bob@social.example', extra: { visibility: 'direct' } };
    const first = await h.channel.publish({ key: 'reply:2', text: 'Please check the flood map.', replyTo: target });
    const second = await h.channel.publish({ key: 'reply:2#2', text: 'Call 311 for sandbags.', inReplyTo: first });
    const byId = (id: string) => fake.statuses.find((s) => s.id === id);
    expect(byId(first.id)?.visibility).toBe('direct');
    expect(byId(second.id)?.visibility).toBe('direct');
    expect(byId(second.id)?.text).toBe('@bob@social.example Call 311 for sandbags.');

    // A fresh adapter has no cache: it asks the instance about the parent.
    const fresh = makeChannel(fake, { pollSeconds: 0 });
    const third = await fresh.channel.publish({ key: 'reply:2#3', text: 'Stay safe.', inReplyTo: second });
    expect(byId(third.id)?.visibility).toBe('direct');
  });

  it('shortens a reply that no longer fits once the handle is added', async () => {
    const mention = fake.mention({ from: 'carol', text: 'long answer please' });
    const ref = await h.channel.publish({ key: 'reply:3', text: 'x'.repeat(500), replyTo: { messageId: mention.id, authorHandle: 'carol' } });
    const reply = fake.statuses.find((s) => s.id === ref.id);
    expect([...(reply?.text ?? '')].length).toBeLessThanOrEqual(500);
    expect(reply?.text.endsWith('…')).toBe(true);
  });

  it('lookup finds a published part by text and reports an unsent one as not found', async () => {
    const since = Date.now() - 1000;
    const mention = fake.mention({ from: 'dave@example.net', text: 'when is pickup? <soon> & "later"' });
    const replyTo = { messageId: mention.id, authorHandle: 'dave@example.net' };
    const text = 'Pickup is Tuesday.\n\nSee https://city.example/services/waste/collection-schedule-2024 & <notes>';
    const ref = await h.channel.publish({ key: 'reply:4', text, replyTo });
    await expect(h.channel.lookup({ key: 'reply:4', text, since, replyTo })).resolves.toEqual({ found: true, ref: { id: ref.id, url: ref.url } });
    await expect(h.channel.lookup({ key: 'reply:5', text: 'Never sent.', since })).resolves.toEqual({ found: false });
    // Same text, but as an answer to another message: not the one we are looking for.
    await expect(h.channel.lookup({ key: 'reply:6', text, since, replyTo: { messageId: '1', authorHandle: 'dave@example.net' } })).resolves.toEqual({ found: false });
  });

  it('an inbound message can be answered through its replyTarget as delivered', async () => {
    const status = fake.mention({ from: 'erin@example.org', text: 'hi' });
    const target: InboundMessage['replyTarget'] = { messageId: status.id, authorHandle: 'erin@example.org', extra: { visibility: 'public' } };
    const ref = await h.channel.publish({ key: 'reply:7', text: 'Hello!', replyTo: target });
    expect(fake.statuses.find((s) => s.id === ref.id)?.text).toBe('@erin@example.org Hello!');
  });
});
