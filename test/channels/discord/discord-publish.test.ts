import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Channel } from '../../../src/channels/channel.js';
import { createDiscordChannel, discordOptionsSchema } from '../../../src/channels/discord/discord-channel.js';
import { nonceFor } from '../../../src/channels/discord/discord-publish.js';
import { AppError } from '../../../src/domain/errors.js';
import { startFakeDiscord } from '../../fakes/discord/fake-discord.js';
import type { FakeDiscord } from '../../fakes/discord/fake-discord.js';
import { testDeps, TOKEN } from './helpers.js';
import type { TestDeps } from './helpers.js';

const CHANNEL = '222222222222222222';

let fake: FakeDiscord;
const open: Channel[] = [];

async function publishOnly(t: TestDeps = testDeps()): Promise<Channel> {
  const options = discordOptionsSchema.parse({ apiBase: fake.apiBase, channelIds: [CHANNEL], guildId: fake.guildId, gateway: false });
  const channel = createDiscordChannel('discord-main', options, t.deps);
  open.push(channel);
  await channel.start(async () => {});
  return channel;
}

async function caught(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected a rejection');
}

beforeAll(async () => {
  fake = await startFakeDiscord({ token: TOKEN, channelIds: [CHANNEL] });
});
afterEach(async () => {
  for (const c of open.splice(0)) await c.close();
  fake.setToken(TOKEN);
});
afterAll(async () => {
  await fake.close();
});

describe('discord channel: REST publishing', () => {
  it('posts with mentions disabled and a nonce enforced', async () => {
    const channel = await publishOnly();
    expect(channel.limits).toEqual({ maxLength: 2000, lengthRule: 'chars', threads: true, maxThreadParts: 10 });
    const ref = await channel.publish({ key: 'campaign:flood-1:discord-main:0', text: 'Flood warning @everyone <@&1>' });
    const post = fake.posts.at(-1);
    expect(post?.channelId).toBe(CHANNEL);
    expect(post?.body['allowed_mentions']).toEqual({ parse: [], replied_user: false });
    expect(post?.body['nonce']).toBe(nonceFor('campaign:flood-1:discord-main:0'));
    expect(String(post?.body['nonce']).length).toBeLessThanOrEqual(25);
    expect(post?.body['enforce_nonce']).toBe(true);
    expect(ref.id).toBe(post?.message['id']);
    expect(ref.url).toBe(`https://discord.com/channels/${fake.guildId}/${CHANNEL}/${ref.id}`);
  });

  it('chains a three-part thread with message_reference', async () => {
    const channel = await publishOnly();
    const first = await channel.publish({ key: 'thread:0', text: 'part 1' });
    const second = await channel.publish({ key: 'thread:1', text: 'part 2', inReplyTo: first });
    const third = await channel.publish({ key: 'thread:2', text: 'part 3', inReplyTo: second });
    const byId = (id: string) => fake.posts.find((p) => p.message['id'] === id);
    expect(byId(first.id)?.body['message_reference']).toBeUndefined();
    expect(byId(second.id)?.body['message_reference']).toMatchObject({ message_id: first.id, channel_id: CHANNEL });
    expect(byId(third.id)?.body['message_reference']).toMatchObject({ message_id: second.id, channel_id: CHANNEL });
  });

  it('maps 429 retry-after to RATE_LIMITED with retryAt', async () => {
    const channel = await publishOnly();
    fake.failNext({ kind: 'rate-limit', retryAfterSeconds: 7 }, 1, /^POST \/channels/);
    const before = Date.now();
    const error = await caught(channel.publish({ key: 'rl', text: 'rate limited' }));
    expect(error.code).toBe('RATE_LIMITED');
    expect(error.retryable).toBe(true);
    expect(error.retryAt).toBeGreaterThanOrEqual(before + 7_000);
    expect(error.retryAt).toBeLessThanOrEqual(Date.now() + 7_000);
    expect(fake.posts.some((p) => p.body['content'] === 'rate limited')).toBe(false);
  });

  it('maps 500 to a retryable PLATFORM_UNAVAILABLE without internal retries', async () => {
    const channel = await publishOnly();
    const count = fake.requests.length;
    fake.failNext({ kind: 'server-error' }, 1, /^POST \/channels/);
    const error = await caught(channel.publish({ key: 'five', text: 'server error' }));
    expect(error.code).toBe('PLATFORM_UNAVAILABLE');
    expect(error.retryable).toBe(true);
    // As on every platform: a 5xx after the request was sent may have created the message.
    expect(error.mayHaveSucceeded).toBe(true);
    expect(fake.requests.length - count).toBe(1);
  });

  it('a lost response is OUTCOME_UNKNOWN; lookup finds the single copy and a resend dedupes by nonce', async () => {
    const channel = await publishOnly();
    const since = Date.now();
    fake.failNext({ kind: 'lost-response' }, 1, /^POST \/channels/);
    const request = { key: 'campaign:lost:0', text: 'Boil water notice for Zone 3' };
    const error = await caught(channel.publish(request));
    expect(error.code).toBe('OUTCOME_UNKNOWN');
    expect(error.mayHaveSucceeded).toBe(true);
    expect(error.retryable).toBe(true);

    const result = await channel.lookup({ ...request, since });
    expect(result.found).toBe(true);
    const copies = fake.posts.filter((p) => p.body['content'] === request.text);
    expect(copies).toHaveLength(1);
    if (result.found === true) expect(result.ref.id).toBe(copies[0]?.message['id']);

    // Even without the lookup, a resend inside Discord's nonce window returns the same message.
    const again = await channel.publish(request);
    expect(again.id).toBe(copies[0]?.message['id']);
    expect(fake.posts.filter((p) => p.body['content'] === request.text)).toHaveLength(1);
  });

  it('lookup says not found for a post that never went out, and a 5xx during lookup is retried, not "unknown"', async () => {
    const channel = await publishOnly();
    expect(await channel.lookup({ key: 'never', text: 'never sent', since: Date.now() })).toEqual({ found: false });
    fake.failNext({ kind: 'server-error' }, 1, /^GET \/channels/);
    // The same rule on every platform: a passing failure is thrown so the dispatcher asks again
    // later, instead of parking the post for a person.
    await expect(channel.lookup({ key: 'never', text: 'never sent', since: Date.now() })).rejects.toMatchObject({ code: 'PLATFORM_UNAVAILABLE', retryable: true });
    expect(await channel.lookup({ key: 'never', text: 'never sent', since: Date.now() })).toEqual({ found: false });
  });

  it('401 on publish is AUTH_FAILED and disables the channel', async () => {
    const channel = await publishOnly();
    fake.failNext({ kind: 'unauthorized' }, 1, /^POST \/channels/);
    const error = await caught(channel.publish({ key: 'auth', text: 'unauthorized' }));
    expect(error.code).toBe('AUTH_FAILED');
    expect(error.retryable).toBe(false);
    expect(channel.health().state).toBe('disabled');
  });

  it('a bad token fails start with AUTH_FAILED; a missing one names the env var', async () => {
    const t = testDeps({ DISCORD_TOKEN: 'wrong-token' });
    const error = await caught(publishOnly(t));
    expect(error.code).toBe('AUTH_FAILED');
    const missing = await caught(publishOnly(testDeps({})));
    expect(missing.code).toBe('AUTH_FAILED');
    expect(missing.message).toContain('DISCORD_TOKEN');
  });

  it('never writes the token to the logs', async () => {
    const t = testDeps();
    const channel = await publishOnly(t);
    fake.failNext({ kind: 'unauthorized' }, 1, /^POST \/channels/);
    await caught(channel.publish({ key: 'log', text: 'log check' }));
    expect(t.logs().length).toBeGreaterThan(0);
    expect(t.logs()).not.toContain(TOKEN);
  });
});
