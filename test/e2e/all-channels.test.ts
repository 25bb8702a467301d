/**
 * One snow emergency and one resident's question on every platform at once — X, Mastodon, Bluesky
 * and Discord — through the real client libraries against their loopback fakes: every campaign
 * post and every reply arrives exactly once, on the right account, answering the right message.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emergency } from '../../src/domain/emergency.js';
import type { Post } from '../../src/domain/post.js';
import { createLogger } from '../../src/logging/logger.js';
import { startService, type RunningService } from '../../src/main.js';
import { FakeBlueskyServer } from '../fakes/bluesky/fake-bluesky-server.js';
import { startFakeDiscord, type FakeDiscord } from '../fakes/discord/fake-discord.js';
import { startFakeMastodon, type FakeMastodon } from '../fakes/mastodon/fake-mastodon-server.js';
import { FakeXServer } from '../fakes/x/fake-x-server.js';
import { waitFor } from '../support/child-process.js';
import { makeTestConfig, testEnv } from '../support/test-config.js';

const ADMIN = 'all-channels-admin-token-0123';
const DISCORD_TOKEN = 'discord-bot-token.all.channels';
const DISCORD_CHANNEL = '333333333333333331';

describe('every platform at once', () => {
  let x: FakeXServer;
  let mastodon: FakeMastodon;
  let bluesky: FakeBlueskyServer;
  let discord: FakeDiscord;
  let svc: RunningService;

  beforeAll(async () => {
    x = new FakeXServer();
    x.oauth1AccessToken = 'x-access-311';
    for (const endpoint of ['GET /2/users/:id/mentions', 'GET /2/users/:id/tweets', 'GET /2/users/me']) x.endpointLimits.set(endpoint, { limit: 1_000_000, windowSeconds: 900 });
    await x.start();
    mastodon = await startFakeMastodon({ token: 'masto-token-311' });
    bluesky = await new FakeBlueskyServer().start();
    discord = await startFakeDiscord({ token: DISCORD_TOKEN, channelIds: [DISCORD_CHANNEL] });
    const channels = [
      'channels:',
      '  console: { kind: console, enabled: false }',
      `  x-311: { kind: x, apiBase: "${x.url}", pollSeconds: 1, appKeyEnv: X_KEY, appSecretEnv: X_SECRET, accessTokenEnv: X_ACCESS_TOKEN, accessSecretEnv: X_ACCESS_SECRET }`,
      `  mastodon-311: { kind: mastodon, instance: "${mastodon.url}", tokenEnv: MASTO_TOKEN, pollSeconds: 1 }`,
      `  bluesky-311: { kind: bluesky, service: "${bluesky.url}", identifier: "${bluesky.account.handle}", passwordEnv: BSKY_PASSWORD, pollSeconds: 1 }`,
      `  discord-311: { kind: discord, apiBase: "${discord.apiBase}", tokenEnv: DISCORD_TOKEN, channelIds: ["${DISCORD_CHANNEL}"], guildId: "${discord.guildId}" }`,
      'channelGroups:',
      '  departments: [x-311, mastodon-311, bluesky-311, discord-311]',
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
      }),
      logger: createLogger({ level: 'silent' }),
      runtimeDir: path.join(dir, 'run'),
    });
  }, 60_000);

  afterAll(async () => {
    await svc?.close();
    await Promise.all([x?.stop(), mastodon?.close(), bluesky?.close(), discord?.close()]);
  });

  /** What each fake accepted from our account: its id and the id it answers, if any. */
  function accepted(channel: string): { id: string; replyTo: string | undefined }[] {
    if (channel === 'x-311') return x.posted.map((t) => ({ id: t.id, replyTo: t.in_reply_to_tweet_id }));
    if (channel === 'mastodon-311') return mastodon.posted().map((s) => ({ id: s.id, replyTo: s.inReplyToId ?? undefined }));
    if (channel === 'bluesky-311') return bluesky.ownPosts().map((r) => ({ id: r.uri, replyTo: (r.value['reply'] as { parent?: { uri?: string } } | undefined)?.parent?.uri }));
    return discord.posts.map((p) => ({ id: String(p.message['id']), replyTo: (p.body['message_reference'] as { message_id?: string } | undefined)?.message_id }));
  }

  it('posts the campaign and answers one question per platform, each exactly once', async () => {
    const channels = ['x-311', 'mastodon-311', 'bluesky-311', 'discord-311'];
    for (const name of channels) expect(svc.services.channels.get(name)?.health().state, name).toBe('ok');

    const declared = await svc.app!.inject({ method: 'POST', url: '/api/emergencies', headers: { authorization: `Bearer ${ADMIN}` }, payload: { type: 'snow', params: { trashDelayDays: 2 } } });
    expect(declared.statusCode).toBe(201);
    const emergency = declared.json() as Emergency;

    // A resident on each platform asks about trash (after the channels started: history is not answered).
    const xResident = x.addUser('resident_x');
    const questions = new Map<string, string>([
      ['x-311', x.addMention(xResident, 'is trash pickup delayed?').id],
      ['mastodon-311', mastodon.mention({ from: 'resident', text: `@${'civicast'} is trash pickup delayed?` }).id],
      ['bluesky-311', bluesky.citizenPost(bluesky.addUser('resident.bsky.social'), `@${bluesky.account.handle} is trash pickup delayed?`).uri],
      ['discord-311', discord.sendMessage({ channelId: DISCORD_CHANNEL, author: { id: '555555555555555551', username: 'resident' }, content: 'is trash pickup delayed?', mentionBot: true })],
    ]);

    const due = async (): Promise<Post[]> => (await svc.services.store.listPosts({ group: `emergency:${emergency.id}` })).filter((p) => p.dueAt <= Date.now() + 1000);
    await waitFor(async () => {
      const campaign = await due();
      return campaign.length >= 16 && campaign.every((p) => p.status === 'sent');
    }, 30_000, 'the declaration posts due now on all four platforms');
    await waitFor(async () => {
      const replies = (await svc.services.store.listPosts({ status: 'sent' })).filter((p) => p.source.startsWith('reply:'));
      return replies.length === 4;
    }, 30_000, 'one reply per platform');

    const sent = await svc.services.store.listPosts({ status: 'sent' });
    expect(await svc.services.store.listPosts({ status: 'failed' })).toEqual([]);
    for (const channel of channels) {
      const onPlatform = accepted(channel);
      const ours = sent.filter((p) => p.channel === channel).flatMap((p) => p.sentParts.map((part) => part.id));
      // Every part we recorded is on the platform exactly once, and the platform holds nothing else.
      expect(onPlatform.map((p) => p.id).sort(), channel).toEqual([...ours].sort());
      expect(new Set(onPlatform.map((p) => p.id)).size, channel).toBe(onPlatform.length);
      const answers = onPlatform.filter((p) => p.replyTo === questions.get(channel));
      expect(answers, `${channel} answers the resident once`).toHaveLength(1);
      const reply = sent.find((p) => p.channel === channel && p.source.startsWith('reply:'));
      expect(reply?.parts.join(' '), channel).toMatch(/2 days/);
      // Declaration posts on this platform: status and move-car, in English and Spanish.
      expect(sent.filter((p) => p.channel === channel && p.group === `emergency:${emergency.id}`).length, channel).toBeGreaterThanOrEqual(4);
    }
  }, 90_000);
});
