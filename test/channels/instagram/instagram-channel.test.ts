import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelDeps } from '../../../src/channels/channel.js';
import { createInstagramChannel, instagramOptionsSchema, type InstagramChannel } from '../../../src/channels/instagram/instagram-channel.js';
import { cardStateKey, registerCardRoutes } from '../../../src/cards/card-routes.js';
import type { InboundMessage } from '../../../src/domain/inbound-message.js';
import { startFakeInstagram, type FakeInstagram } from '../../fakes/meta/fake-instagram.js';
import { errorOf } from '../../support/app-error.js';
import { capturedLogger, MemoryState } from '../../support/channel-test-deps.js';

describe('instagram channel', () => {
  let fake: FakeInstagram;
  let cards: FastifyInstance;
  let cardBaseUrl: string;
  const state = new MemoryState();
  const inbound: InboundMessage[] = [];

  function make(extra: Record<string, unknown> = {}): InstagramChannel {
    const { logger } = capturedLogger('warn');
    const deps: ChannelDeps = { logger, state, secret: (n) => ({ INSTAGRAM_TOKEN: fake.token })[n], clock: { now: () => Date.now() } };
    return createInstagramChannel('instagram-city', instagramOptionsSchema.parse({ igUserId: fake.user.id, graphUrl: fake.url, cardBaseUrl, pollSeconds: 3600, settleSeconds: 0, containerPollMs: 20, timeoutMs: 3000, card: { footer: 'City of Philadelphia' }, ...extra }), deps);
  }

  beforeAll(async () => {
    fake = await startFakeInstagram();
    // The service's card route, serving from the same channel state the adapter writes to.
    cards = Fastify();
    registerCardRoutes(cards, async (channel, id) => (channel === 'instagram-city' ? state.get<string | null>(cardStateKey(id)) : undefined));
    cardBaseUrl = await cards.listen({ host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    await cards.close();
    await fake.close();
  });

  it('posts the words as a card Instagram downloads, with the full text as caption and alt text', async () => {
    const channel = make({ pollSeconds: 0 });
    await channel.start(async () => {});
    fake.processingMs = 60;
    const text = 'Snow emergency: move your car off Snow Emergency Routes by 6 PM. Trash is one day late.';
    const ref = await channel.publish({ key: 'c1', text });
    const media = fake.posted().at(-1);
    expect(media).toMatchObject({ id: ref.id, caption: text, altText: text });
    expect(ref.url).toBe(`https://www.instagram.com/p/${ref.id}/`);
    expect(media?.image.readUInt32BE(16)).toBe(1080);
    expect(media?.image.readUInt32BE(20)).toBe(1350);
    // It waited for the container instead of publishing it unfinished.
    expect(fake.graph.requests.filter((r) => r.path.endsWith('/media_publish')).length).toBe(1);
    expect(fake.containers.at(-1)?.imageUrl).toMatch(new RegExp(`^${cardBaseUrl}/cards/instagram-city/[0-9a-f]{64}\\.png$`));
  });

  it('a publish answer lost after the post was made is found by lookup, and a resend makes no second post', async () => {
    const channel = make({ pollSeconds: 0 });
    const since = Date.now() - 1000;
    const before = fake.posted().length;
    fake.graph.fail('lost-response', { match: '/media_publish' });
    expect(await errorOf(channel.publish({ key: 'c2', text: 'Warming centers open tonight.' }))).toMatchObject({ mayHaveSucceeded: true });
    const found = await channel.lookup({ key: 'c2', text: 'Warming centers open tonight.', since });
    expect(found).toMatchObject({ found: true, ref: { id: fake.posted().at(-1)?.id } });
    // Even a blind resend reuses the saved container, which publishes once: still one post.
    const again = await channel.publish({ key: 'c2', text: 'Warming centers open tonight.' });
    expect(again.id).toBe(fake.posted().at(-1)?.id);
    expect(fake.posted().length).toBe(before + 1);
    expect(await channel.lookup({ key: 'c9', text: 'Never sent', since })).toEqual({ found: false });
  });

  it('a card the platform cannot download is refused with the reason, and an expired token disables the channel', async () => {
    const channel = make({ pollSeconds: 0, cardBaseUrl: 'http://127.0.0.1:9' });
    expect((await errorOf(channel.publish({ key: 'c3', text: 'Unreachable card.' }))).message).toMatch(/could not use the card .* reachable/);
    fake.graph.fail('expired-token');
    const error = await errorOf(make({ pollSeconds: 0 }).publish({ key: 'c4', text: 'x' }));
    expect(error.code).toBe('AUTH_FAILED');
  });

  it('reads comments and replies once, skips its own, and answers under the top-level comment', async () => {
    const channel = make();
    const post = await channel.publish({ key: 'c5', text: 'Street cleaning suspended.' });
    await channel.start(async (m) => void inbound.push(m));
    const q = fake.comment({ mediaId: post.id, username: 'ana', text: 'Until when?' });
    const r = fake.comment({ mediaId: post.id, username: 'ben', text: 'Same question', parentId: q.id });
    await channel.pollNow();
    await channel.pollNow();
    expect(inbound.map((m) => [m.text, m.author.handle, m.threadId])).toEqual([['Until when?', 'ana', q.id], ['Same question', 'ben', q.id]]);
    const answer = await channel.publish({ key: 'r1', text: 'Until the emergency is lifted.', replyTo: inbound[1]?.replyTarget ?? { messageId: '' } });
    expect(fake.ownComments().at(-1)).toMatchObject({ id: answer.id, parentId: q.id });
    await channel.pollNow();
    expect(inbound).toHaveLength(2);
    expect(r.id).toBe(inbound[1]?.id);
    await channel.close();
  });
});
