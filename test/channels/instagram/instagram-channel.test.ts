import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelDeps } from '../../../src/channels/channel.js';
import { createInstagramChannel, instagramOptionsSchema, type InstagramChannel } from '../../../src/channels/instagram/instagram-channel.js';
import { HostedCards } from '../../../src/cards/hosted-cards.js';
import type { InboundMessage } from '../../../src/domain/inbound-message.js';
import { startFakeInstagram, type FakeInstagram } from '../../fakes/meta/fake-instagram.js';
import { errorOf } from '../../support/app-error.js';
import { capturedLogger, MemoryState } from '../../support/channel-test-deps.js';
import { startChannelWeb, type ChannelWebServer } from '../channel-web-server.js';

describe('instagram channel', () => {
  let fake: FakeInstagram;
  let web: ChannelWebServer;
  const state = new MemoryState();
  const inbound: InboundMessage[] = [];
  /** The adapter's clock; tests move it forward to age stored cards. */
  let offset = 0;

  function make(extra: Record<string, unknown> = {}): InstagramChannel {
    const { logger } = capturedLogger('warn');
    const deps: ChannelDeps = { logger, state, secret: (n) => ({ INSTAGRAM_TOKEN: fake.token })[n], clock: { now: () => Date.now() + offset } };
    const channel = createInstagramChannel('instagram-city', instagramOptionsSchema.parse({ igUserId: fake.user.id, graphUrl: fake.url, cardBaseUrl: web.url, pollSeconds: 0, containerPollMs: 20, timeoutMs: 3000, card: { footer: 'City of Philadelphia' }, ...extra }), deps);
    web.channels.set(channel.name, channel);
    return channel;
  }
  const hosted = () => new HostedCards(state, () => Date.now() + offset, 24 * 3_600_000);

  beforeAll(async () => {
    fake = await startFakeInstagram();
    web = await startChannelWeb();
  });
  afterAll(async () => {
    await web.close();
    await fake.close();
  });

  it('posts the words as a card Instagram downloads, with the full text as caption and alt text; the card is then removed', async () => {
    const channel = make();
    await channel.start(async () => {});
    fake.processingMs = 60;
    const text = 'Snow emergency: move your car off Snow Emergency Routes by 6 PM. Trash is one day late.';
    const ref = await channel.publish({ key: 'c1', text, locale: 'en' });
    const media = fake.posted().at(-1);
    expect(media).toMatchObject({ id: ref.id, caption: text, altText: text });
    expect(ref.url).toBe(`https://www.instagram.com/p/${ref.id}/`);
    // What Instagram downloaded is the card: a 1080×1350 PNG.
    expect(media?.image.subarray(1, 4).toString('ascii')).toBe('PNG');
    expect(media?.image.readUInt32BE(16)).toBe(1080);
    expect(media?.image.readUInt32BE(20)).toBe(1350);
    // It waited for the container instead of publishing it unfinished.
    expect(fake.graph.requests.filter((r) => r.path.endsWith('/media_publish')).length).toBe(1);
    const url = fake.containers.at(-1)?.imageUrl ?? '';
    expect(url).toMatch(new RegExp(`^${web.url}/media/instagram-city/[0-9a-f]{64}\\.png$`));
    // Bounded storage: once published, the card is no longer kept or served.
    expect(await hosted().count()).toBe(0);
    expect((await fetch(url)).status).toBe(404);
    fake.processingMs = 0;
    await channel.close();
  });

  it('a card whose post never went out is pruned after the retention', async () => {
    const channel = make();
    // The container is refused after the card was stored: the post cannot go out.
    fake.graph.fail('server-error', { match: new RegExp(`^POST /v21\\.0/${fake.user.id}/media$`), times: 1 });
    expect(await errorOf(channel.publish({ key: 'c-orphan', text: 'This card is orphaned.' }))).toMatchObject({ code: 'PLATFORM_UNAVAILABLE' });
    expect(await hosted().count()).toBe(1);
    offset = 25 * 3_600_000;
    await channel.publish({ key: 'c-next', text: 'A later post prunes the old card.' });
    expect(await hosted().count()).toBe(0);
    expect([...state.map.keys()].filter((k) => k.startsWith('card:') && state.map.get(k) !== null)).toEqual([]);
    offset = 0;
  });

  it('a publish answer lost after the post was made is found by lookup, and a resend makes no second post', async () => {
    const channel = make();
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

  it('an edited part gets a new container: the saved one was made for other words', async () => {
    const channel = make();
    fake.graph.fail('server-error', { match: '/media_publish' });
    await errorOf(channel.publish({ key: 'c-edit', text: 'Shelter opens at 6.' }));
    const containers = fake.containers.length;
    const ref = await channel.publish({ key: 'c-edit', text: 'Shelter opens at 7.' });
    expect(fake.containers.length).toBe(containers + 1);
    expect(fake.posted().find((m) => m.id === ref.id)?.caption).toBe('Shelter opens at 7.');
  });

  it('a card the platform cannot download is refused with the reason, and an expired token disables the channel', async () => {
    const channel = make({ cardBaseUrl: 'http://127.0.0.1:9' });
    expect((await errorOf(channel.publish({ key: 'c3', text: 'Unreachable card.' }))).message).toMatch(/could not process container .*ERROR/);
    const other = make();
    await other.start(async () => {});
    fake.graph.fail('expired-token');
    expect((await errorOf(other.publish({ key: 'c4', text: 'x' }))).code).toBe('AUTH_FAILED');
    expect(other.health().state).toBe('disabled');
    await other.close();
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
