import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Harness } from './harness.js';
import { harness } from './harness.js';

describe('bluesky publish', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness();
  });
  afterEach(async () => {
    await h.close();
  });

  it('posts text with link facets only, never mention facets', async () => {
    const channel = await h.channel();
    const text = 'Boil water notice: https://city.example.org/water — ask @mayor.bsky.social #water';
    const ref = await channel.publish({ key: 'k1', text });

    const posts = h.fake.ownPosts();
    expect(posts).toHaveLength(1);
    const record = posts[0]!;
    expect(ref.id).toBe(record.uri);
    expect(ref.url).toBe(`https://bsky.app/profile/${h.fake.account.did}/post/${record.rkey}`);
    expect(record.value['text']).toBe(text);
    const facets = record.value['facets'] as { features: { $type: string; uri?: string }[] }[];
    expect(facets).toHaveLength(1);
    expect(facets[0]!.features).toEqual([{ $type: 'app.bsky.richtext.facet#link', uri: 'https://city.example.org/water' }]);
    expect(record.value['reply']).toBeUndefined();
    expect(channel.limits).toEqual({ maxLength: 300, lengthRule: 'graphemes', threads: true, maxThreadParts: 10 });
  });

  it('chains a thread of three parts under the first post', async () => {
    const channel = await h.channel();
    const first = await channel.publish({ key: 't/0', text: 'Part 1/3' });
    const second = await channel.publish({ key: 't/1', text: 'Part 2/3', inReplyTo: first });
    const third = await channel.publish({ key: 't/2', text: 'Part 3/3', inReplyTo: second });

    const [p1, p2, p3] = h.fake.ownPosts();
    expect([p1!.uri, p2!.uri, p3!.uri]).toEqual([first.id, second.id, third.id]);
    const root = { uri: p1!.uri, cid: p1!.cid };
    expect(p2!.value['reply']).toEqual({ root, parent: root });
    expect(p3!.value['reply']).toEqual({ root, parent: { uri: p2!.uri, cid: p2!.cid } });
    // The cids of our own parts come from memory: no record was fetched.
    expect(h.fake.calls).not.toContain('com.atproto.repo.getRecord');
  });

  it('continues a thread after a restart by fetching the parent record for its cid', async () => {
    const first = await (await h.channel()).publish({ key: 't/0', text: 'Part 1/2' });
    const second = await (await h.channel()).publish({ key: 't/1', text: 'Part 2/2', inReplyTo: first });
    const [p1, p2] = h.fake.ownPosts();
    expect(second.id).toBe(p2!.uri);
    expect(p2!.value['reply']).toEqual({ root: { uri: p1!.uri, cid: p1!.cid }, parent: { uri: p1!.uri, cid: p1!.cid } });
    expect(h.fake.calls).toContain('com.atproto.repo.getRecord');
  });

  it('answers a citizen reply deep in a thread with root and parent from ReplyTarget.extra', async () => {
    const channel = await h.channel();
    const ours = await channel.publish({ key: 'a', text: 'Shelter open at City Hall' });
    const alice = h.fake.addUser('alice.bsky.social');
    h.fake.citizenPost(alice, 'Is it open tonight?', ours.id);
    await channel.pollNow();
    const question = h.inbox[0]!;

    const before = h.fake.calls.length;
    const answer = await channel.publish({ key: 'r', text: '@alice.bsky.social Yes, all night. @mayor.bsky.social too', replyTo: question.replyTarget });
    expect(h.fake.calls.slice(before)).toEqual(['com.atproto.repo.createRecord']);

    const posted = h.fake.ownPosts().find((p) => p.uri === answer.id)!;
    const oursRecord = h.fake.ownPosts().find((p) => p.uri === ours.id)!;
    expect(posted.value['reply']).toEqual({
      root: { uri: oursRecord.uri, cid: oursRecord.cid },
      parent: { uri: question.id, cid: question.replyTarget.extra!['parentCid'] },
    });
    // The asker is mentioned (byte offsets, their DID); any other @handle stays plain text.
    const facets = posted.value['facets'] as { index: unknown; features: unknown }[];
    expect(facets.map((f) => ({ index: f.index, features: f.features }))).toEqual([{ index: { byteStart: 0, byteEnd: 18 }, features: [{ $type: 'app.bsky.richtext.facet#mention', did: alice.did }] }]);
  });

  it('answers a reply target without extra by fetching the citizen record', async () => {
    const channel = await h.channel();
    const bob = h.fake.addUser('bob.bsky.social');
    const mention = h.fake.citizenPost(bob, '@civicast.bsky.social where do I get sandbags?');
    await channel.publish({ key: 'r', text: 'At the fire station.', replyTo: { messageId: mention.uri } });
    const posted = h.fake.ownPosts()[0]!;
    const ref = { uri: mention.uri, cid: mention.cid };
    expect(posted.value['reply']).toEqual({ root: ref, parent: ref });
  });

  it('refuses text over 300 graphemes as REJECTED, not retryable', async () => {
    const channel = await h.channel();
    const error = await channel.publish({ key: 'long', text: 'x'.repeat(301) }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'REJECTED', retryable: false, mayHaveSucceeded: false });
    // 300 emoji graphemes are fine even though they are 600 UTF-16 units.
    await expect(channel.publish({ key: 'emoji', text: '🌊'.repeat(300) })).resolves.toMatchObject({ id: expect.any(String) });
  });
});
