/**
 * One snow emergency and one resident's question on every platform at once — X, Mastodon,
 * Bluesky, Discord, a Facebook Page, Instagram and Threads — through the real service, the real
 * client libraries (plain fetch for Meta) and their loopback fakes: every campaign post arrives
 * exactly once on the right account; every question is answered exactly once, under the right
 * message. Instagram downloads each card from the service's own media route; the Facebook
 * question arrives twice (a signed webhook and the poller) and is still answered once.
 */
import { createHmac } from 'node:crypto';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emergency } from '../../src/domain/emergency.js';
import type { Post } from '../../src/domain/post.js';
import { createLogger } from '../../src/logging/logger.js';
import { startService, type RunningService } from '../../src/main.js';
import { FakeBlueskyServer } from '../fakes/bluesky/fake-bluesky-server.js';
import { startFakeDiscord, type FakeDiscord } from '../fakes/discord/fake-discord.js';
import { startFakeMastodon, type FakeMastodon } from '../fakes/mastodon/fake-mastodon-server.js';
import { startFakeFacebook, type FakeFacebook } from '../fakes/meta/fake-facebook.js';
import { startFakeInstagram, type FakeInstagram } from '../fakes/meta/fake-instagram.js';
import { startFakeThreads, type FakeThreads } from '../fakes/meta/fake-threads.js';
import { FakeXServer } from '../fakes/x/fake-x-server.js';
import { waitFor } from '../support/child-process.js';
import { makeTestConfig, testEnv } from '../support/test-config.js';

const ADMIN = 'seven-platforms-admin-token-0123';
const DISCORD_TOKEN = 'discord-bot-token.seven.platforms';
const DISCORD_CHANNEL = '333333333333333332';
const FB_APP_SECRET = 'fb-app-secret-seven';
const QUESTION = 'is trash pickup delayed?';
const CHANNELS = ['x-311', 'mastodon-311', 'bluesky-311', 'discord-311', 'facebook-311', 'instagram-311', 'threads-311'];

/** A port free right now, so Instagram's card URL can name the service before it listens. */
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('one snow declaration on all seven platforms', () => {
  let x: FakeXServer;
  let mastodon: FakeMastodon;
  let bluesky: FakeBlueskyServer;
  let discord: FakeDiscord;
  let facebook: FakeFacebook;
  let instagram: FakeInstagram;
  let threads: FakeThreads;
  let svc: RunningService;

  beforeAll(async () => {
    x = new FakeXServer();
    x.oauth1AccessToken = 'x-access-311';
    for (const endpoint of ['GET /2/users/:id/mentions', 'GET /2/users/:id/tweets', 'GET /2/users/me']) x.endpointLimits.set(endpoint, { limit: 1_000_000, windowSeconds: 900 });
    await x.start();
    mastodon = await startFakeMastodon({ token: 'masto-token-311' });
    bluesky = await new FakeBlueskyServer().start();
    discord = await startFakeDiscord({ token: DISCORD_TOKEN, channelIds: [DISCORD_CHANNEL] });
    facebook = await startFakeFacebook();
    instagram = await startFakeInstagram();
    threads = await startFakeThreads();
    const port = await freePort();
    const fast = 'pollSeconds: 1, settleSeconds: 5, timeoutMs: 3000';
    const channels = [
      'channels:',
      '  console: { kind: console, enabled: false }',
      `  x-311: { kind: x, apiBase: "${x.url}", pollSeconds: 1, appKeyEnv: X_KEY, appSecretEnv: X_SECRET, accessTokenEnv: X_ACCESS_TOKEN, accessSecretEnv: X_ACCESS_SECRET }`,
      `  mastodon-311: { kind: mastodon, instance: "${mastodon.url}", tokenEnv: MASTO_TOKEN, pollSeconds: 1 }`,
      `  bluesky-311: { kind: bluesky, service: "${bluesky.url}", identifier: "${bluesky.account.handle}", passwordEnv: BSKY_PASSWORD, pollSeconds: 1 }`,
      `  discord-311: { kind: discord, apiBase: "${discord.apiBase}", tokenEnv: DISCORD_TOKEN, channelIds: ["${DISCORD_CHANNEL}"], guildId: "${discord.guildId}" }`,
      `  facebook-311: { kind: facebook, pageId: "${facebook.page.id}", graphUrl: "${facebook.url}", tokenEnv: FB_TOKEN, appSecretEnv: FB_APP_SECRET, webhookVerifyTokenEnv: FB_VERIFY, ${fast} }`,
      `  instagram-311: { kind: instagram, igUserId: "${instagram.user.id}", graphUrl: "${instagram.url}", tokenEnv: IG_TOKEN, cardBaseUrl: "http://127.0.0.1:${port}", containerPollMs: 50, card: { footer: City of Philadelphia }, ${fast} }`,
      `  threads-311: { kind: threads, userId: "${threads.user.id}", graphUrl: "${threads.url}", tokenEnv: THREADS_TOKEN, containerPollMs: 50, ${fast} }`,
      'channelGroups:',
      `  departments: [${CHANNELS.join(', ')}]`,
      '',
    ].join('\n');
    const { dir, configDir } = makeTestConfig({ 'zz-channels.yaml': channels, 'zz-replies.yaml': 'replies:\n  authorCooldownSeconds: 0\n' });
    svc = await startService({
      env: testEnv(configDir, {
        ADMIN_TOKEN: ADMIN,
        X_KEY: 'app-key',
        X_SECRET: 'app-secret',
        X_ACCESS_TOKEN: x.oauth1AccessToken,
        X_ACCESS_SECRET: 'access-secret',
        MASTO_TOKEN: mastodon.token,
        BSKY_PASSWORD: bluesky.account.password ?? '',
        DISCORD_TOKEN,
        FB_TOKEN: facebook.pageToken,
        FB_APP_SECRET,
        FB_VERIFY: 'fb-verify-seven',
        IG_TOKEN: instagram.token,
        THREADS_TOKEN: threads.token,
      }),
      httpPort: port,
      logger: createLogger({ level: 'silent' }),
      runtimeDir: path.join(dir, 'run'),
    });
  }, 60_000);

  afterAll(async () => {
    await svc?.close();
    await Promise.all([x?.stop(), mastodon?.close(), bluesky?.close(), discord?.close(), facebook?.close(), instagram?.close(), threads?.close()]);
  });

  /** What each fake accepted from our account: its id and the id it answers, if any. */
  function accepted(channel: string): { id: string; replyTo: string | undefined }[] {
    switch (channel) {
      case 'x-311':
        return x.posted.map((t) => ({ id: t.id, replyTo: t.in_reply_to_tweet_id }));
      case 'mastodon-311':
        return mastodon.posted().map((s) => ({ id: s.id, replyTo: s.inReplyToId ?? undefined }));
      case 'bluesky-311':
        return bluesky.ownPosts().map((r) => ({ id: r.uri, replyTo: (r.value['reply'] as { parent?: { uri?: string } } | undefined)?.parent?.uri }));
      case 'discord-311':
        return discord.posts.map((p) => ({ id: String(p.message['id']), replyTo: (p.body['message_reference'] as { message_id?: string } | undefined)?.message_id }));
      case 'facebook-311':
        return [...facebook.posted().map((p) => ({ id: p.id, replyTo: undefined })), ...facebook.pageComments().map((c) => ({ id: c.id, replyTo: c.parentId ?? c.postId }))];
      case 'instagram-311':
        return [...instagram.posted().map((m) => ({ id: m.id, replyTo: undefined })), ...instagram.ownComments().map((c) => ({ id: c.id, replyTo: c.parentId ?? c.mediaId }))];
      default:
        return threads.posted().map((p) => ({ id: p.id, replyTo: p.replyToId ?? undefined }));
    }
  }

  it('posts the campaign and answers one question per platform, each exactly once', async () => {
    await waitFor(() => CHANNELS.every((name) => svc.services.channels.get(name)?.health().state === 'ok'), 20_000, 'every channel up');
    const declared = await svc.app!.inject({ method: 'POST', url: '/api/emergencies', headers: { authorization: `Bearer ${ADMIN}` }, payload: { type: 'snow', params: { trashDelayDays: 2 } } });
    expect(declared.statusCode).toBe(201);
    const emergency = declared.json() as Emergency;

    const due = async (): Promise<Post[]> => (await svc.services.store.listPosts({ group: `emergency:${emergency.id}` })).filter((p) => p.dueAt <= Date.now() + 1000);
    await waitFor(async () => {
      const campaign = await due();
      return CHANNELS.every((c) => campaign.some((p) => p.channel === c)) && campaign.every((p) => p.status === 'sent');
    }, 60_000, 'the declaration posts due now on all seven platforms');

    // A resident on each platform asks about trash; on Facebook, Instagram and Threads under the city's own post.
    const xResident = x.addUser('resident_x');
    const fbPost = facebook.posted()[0]?.id ?? '';
    const igMedia = instagram.posted()[0]?.id ?? '';
    const threadsPost = threads.posted().find((p) => p.replyToId === null)?.id ?? '';
    const fbComment = facebook.comment({ postId: fbPost, from: 'Resident Fb', message: QUESTION });
    const questions = new Map<string, string>([
      ['x-311', x.addMention(xResident, QUESTION).id],
      ['mastodon-311', mastodon.mention({ from: 'resident', text: QUESTION }).id],
      ['bluesky-311', bluesky.citizenPost(bluesky.addUser('resident.bsky.social'), `@${bluesky.account.handle} ${QUESTION}`).uri],
      ['discord-311', discord.sendMessage({ channelId: DISCORD_CHANNEL, author: { id: '555555555555555552', username: 'resident' }, content: QUESTION, mentionBot: true })],
      ['facebook-311', fbComment.id],
      ['instagram-311', instagram.comment({ mediaId: igMedia, username: 'resident.ig', text: QUESTION }).id],
      ['threads-311', threads.reply({ to: threadsPost, username: 'resident.threads', text: QUESTION }).id],
    ]);
    // Meta also pushes the Facebook comment (signed): the same message as the poller reads.
    const event = JSON.stringify({ object: 'page', entry: [{ id: facebook.page.id, time: Math.floor(Date.now() / 1000), changes: [{ field: 'feed', value: { from: fbComment.from, post_id: fbPost, comment_id: fbComment.id, parent_id: fbPost, created_time: Math.floor(fbComment.createdAt / 1000), item: 'comment', verb: 'add', message: QUESTION } }] }] });
    const hook = await fetch(`${svc.url}/hooks/facebook-311`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': `sha256=${createHmac('sha256', FB_APP_SECRET).update(event).digest('hex')}` }, body: event });
    expect(hook.status).toBe(200);

    const replies = async (): Promise<Post[]> => (await svc.services.store.listPosts({ status: 'sent' })).filter((p) => p.source.startsWith('reply:'));
    await waitFor(async () => (await replies()).length >= CHANNELS.length, 45_000, 'one reply per platform');
    // Every poller has read its mentions again since (overlapping windows): nothing answered twice.
    await new Promise((resolve) => setTimeout(resolve, 2_500));

    const sent = await svc.services.store.listPosts({ status: 'sent' });
    expect(await svc.services.store.listPosts({ status: 'failed' })).toEqual([]);
    expect(await replies()).toHaveLength(CHANNELS.length);
    for (const channel of CHANNELS) {
      const onPlatform = accepted(channel);
      const ours = sent.filter((p) => p.channel === channel).flatMap((p) => p.sentParts.map((part) => part.id));
      // Every part we recorded is on the platform exactly once, and the platform holds nothing else.
      expect(onPlatform.map((p) => p.id).sort(), channel).toEqual([...ours].sort());
      expect(new Set(onPlatform.map((p) => p.id)).size, channel).toBe(onPlatform.length);
      const answers = onPlatform.filter((p) => p.replyTo === questions.get(channel));
      expect(answers, `${channel} answers the resident once`).toHaveLength(1);
      const reply = sent.find((p) => p.channel === channel && p.source.startsWith('reply:'));
      expect(reply?.parts.join(' '), channel).toMatch(/2 days/);
      expect(sent.filter((p) => p.channel === channel && p.group === `emergency:${emergency.id}`).length, channel).toBeGreaterThanOrEqual(4);
    }
    // Instagram: every campaign post is a card it downloaded from the service, captioned and described
    // with the post's words; the service keeps none once published.
    for (const media of instagram.posted()) {
      expect(media.image.subarray(1, 4).toString('ascii'), media.id).toBe('PNG');
      expect(media.altText, media.id).toBe(media.caption);
    }
    for (const container of instagram.containers) expect((await fetch(container.imageUrl)).status).toBe(404);
  }, 150_000);
});
