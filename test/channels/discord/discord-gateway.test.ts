import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Channel } from '../../../src/channels/channel.js';
import { createDiscordChannel, discordOptionsSchema } from '../../../src/channels/discord/discord-channel.js';
import type { InboundMessage } from '../../../src/domain/inbound-message.js';
import { startFakeDiscord } from '../../fakes/discord/fake-discord.js';
import type { FakeDiscord } from '../../fakes/discord/fake-discord.js';
import { recordingCommands, testDeps, TOKEN, until } from './helpers.js';
import type { TestDeps } from './helpers.js';

const CAMPAIGN = '333333333333333331';
const HELP = '333333333333333332';
const OTHER = '333333333333333333';
const MANAGER_ROLE = '444444444444444441';
const COMMS_ROLE = '444444444444444442';
const citizen = { id: '555555555555555551', username: 'resident' };
const manager = { id: '555555555555555552', username: 'ops-lead' };

let fake: FakeDiscord;
let channel: Channel;
let t: TestDeps;
const commands = recordingCommands();
const inbound: InboundMessage[] = [];
/** Message text → how many more times the handler fails on it (as when the store is down). */
const failuresLeft = new Map<string, number>();

beforeAll(async () => {
  fake = await startFakeDiscord({ token: TOKEN, channelIds: [CAMPAIGN, HELP, OTHER], roleIds: [MANAGER_ROLE, COMMS_ROLE] });
  t = testDeps({ DISCORD_TOKEN: TOKEN }, commands);
  const options = discordOptionsSchema.parse({
    apiBase: fake.apiBase,
    channelIds: [CAMPAIGN],
    helpChannelIds: [HELP],
    managerRoleIds: [MANAGER_ROLE],
    commsRoleIds: [COMMS_ROLE],
    guildId: fake.guildId,
    inboundRetryDelaysMs: [20, 20, 20],
  });
  channel = createDiscordChannel('discord-main', options, t.deps);
  await channel.start(async (message) => {
    const left = failuresLeft.get(message.text) ?? 0;
    if (left > 0) {
      failuresLeft.set(message.text, left - 1);
      throw new Error('store unavailable');
    }
    inbound.push(message);
  });
});

afterAll(async () => {
  await channel.close();
  await fake.close();
});

describe('discord channel: gateway', () => {
  it('identifies with JSON, no compression, the needed intents, and registers slash commands', () => {
    expect(fake.gateway.connected).toBe(1);
    const identify = fake.gateway.identifies[0];
    expect(identify?.['token']).toBe(TOKEN);
    // Guilds | GuildMessages | DirectMessages | MessageContent
    expect(identify?.['intents']).toBe(1 | 512 | 4096 | 32768);
    expect(fake.commandRegistrations).toHaveLength(1);
    expect(fake.commandRegistrations[0]?.path).toBe(`/applications/${fake.applicationId}/guilds/${fake.guildId}/commands`);
    const names = (fake.commandRegistrations[0]?.body as { name: string }[]).map((c) => c.name);
    expect(names).toEqual(['emergency', 'faq', 'post']);
    expect(channel.health().state).toBe('ok');
    expect(t.logs()).not.toContain(TOKEN);
  });

  it('a mention becomes an inbound message and the reply references it', async () => {
    const id = fake.sendMessage({ channelId: OTHER, author: citizen, content: 'where are the shelters?', mentionBot: true });
    await until(() => inbound.some((m) => m.id === id));
    const message = inbound.find((m) => m.id === id);
    expect(message).toMatchObject({
      id,
      channel: 'discord-main',
      author: { id: citizen.id, handle: 'resident', isBot: false },
      text: 'where are the shelters?',
      isDirect: false,
      replyTarget: { messageId: id, authorHandle: 'resident', extra: { channelId: OTHER, guildId: fake.guildId } },
    });
    if (message === undefined) return;
    const ref = await channel.publish({ key: `reply:${id}`, text: 'Shelters: city.example/shelters', replyTo: message.replyTarget });
    const post = fake.posts.find((p) => p.message['id'] === ref.id);
    expect(post?.channelId).toBe(OTHER);
    expect(post?.body['message_reference']).toMatchObject({ message_id: id, channel_id: OTHER });
    expect(post?.body['allowed_mentions']).toEqual({ parse: [], replied_user: true });
  });

  it('help-channel messages and DMs are questions; other chatter and bots are filtered as specified', async () => {
    const help = fake.sendMessage({ channelId: HELP, author: citizen, content: 'is the water safe?' });
    const dm = fake.sendMessage({ channelId: '666666666666666661', author: citizen, content: 'hello', dm: true });
    const chatter = fake.sendMessage({ channelId: OTHER, author: citizen, content: 'just chatting' });
    const echo = fake.sendMessage({ channelId: HELP, author: fake.bot, content: 'our own post, echoed by the gateway' });
    const bot = fake.sendMessage({ channelId: HELP, author: { id: '777777777777777771', username: 'otherbot', bot: true }, content: 'beep' });
    await until(() => [help, dm, bot].every((id) => inbound.some((m) => m.id === id)));
    expect(inbound.find((m) => m.id === dm)?.isDirect).toBe(true);
    expect(inbound.find((m) => m.id === bot)?.author.isBot).toBe(true);
    // The gateway delivers in order, so the chatter (sent before the bot message) would be here by now.
    expect(inbound.some((m) => m.id === chatter)).toBe(false);
    expect(inbound.some((m) => m.id === echo)).toBe(false);
  });

  it('a question the handler fails on is retried until it is handled once, or given up with an alarm', async () => {
    failuresLeft.set('is the bridge open?', 3);
    failuresLeft.set('are buses running?', 4);
    const retried = fake.sendMessage({ channelId: HELP, author: citizen, content: 'is the bridge open?' });
    const lost = fake.sendMessage({ channelId: HELP, author: citizen, content: 'are buses running?' });
    await until(() => inbound.some((m) => m.id === retried) && t.logs().includes('given up'));
    expect(inbound.filter((m) => m.id === retried)).toHaveLength(1);
    expect(inbound.some((m) => m.id === lost)).toBe(false);
    expect(failuresLeft.get('are buses running?')).toBe(0);
    expect(t.logs()).toMatch(/ALARM discord question could not be handled; given up/);
  });

  it('a manager declares an emergency; the answer is ephemeral', async () => {
    const id = fake.sendCommand({
      user: manager,
      roles: [MANAGER_ROLE],
      name: 'emergency',
      options: [{ type: 1, name: 'declare', options: [{ type: 3, name: 'type', value: 'flood' }, { type: 3, name: 'params', value: 'area=North, level=2' }] }],
    });
    await until(() => fake.webhookEdits.some((e) => e.token === `itoken-${id}`));
    expect(commands.calls.at(-1)).toEqual({
      method: 'declareEmergency',
      input: { type: 'flood', params: { area: 'North', level: '2' }, actor: `discord-main:${manager.id}` },
    });
    const callback = fake.callbacks.find((c) => c.interactionId === id);
    expect(callback?.body.type).toBe(5); // deferred channel message
    expect(callback?.body.data?.flags).toBe(64); // ephemeral
    expect(fake.webhookEdits.find((e) => e.token === `itoken-${id}`)?.body['content']).toBe('declared flood');
  });

  it('a citizen without the manager role is refused ephemerally and nothing is called', async () => {
    const before = commands.calls.length;
    const id = fake.sendCommand({ user: citizen, roles: [COMMS_ROLE], name: 'emergency', options: [{ type: 1, name: 'lift', options: [] }] });
    await until(() => fake.callbacks.some((c) => c.interactionId === id));
    const callback = fake.callbacks.find((c) => c.interactionId === id);
    expect(callback?.body.type).toBe(4);
    expect(callback?.body.data?.flags).toBe(64);
    expect(callback?.body.data?.content).toMatch(/role/);
    expect(commands.calls.length).toBe(before);
  });

  it('/post needs the comms role; /faq ask is open to anyone and answered publicly', async () => {
    const post = fake.sendCommand({ user: citizen, roles: [COMMS_ROLE], name: 'post', options: [{ type: 3, name: 'text', value: 'Roads reopened' }] });
    await until(() => fake.webhookEdits.some((e) => e.token === `itoken-${post}`));
    expect(commands.calls.at(-1)).toEqual({
      method: 'queuePost',
      input: { text: 'Roads reopened', channels: [], actor: `discord-main:${citizen.id}` },
    });
    const faq = fake.sendCommand({
      user: citizen,
      roles: [],
      name: 'faq',
      options: [{ type: 1, name: 'ask', options: [{ type: 3, name: 'question', value: 'shelters?' }] }],
    });
    await until(() => fake.webhookEdits.some((e) => e.token === `itoken-${faq}`));
    expect(commands.calls.at(-1)).toEqual({ method: 'askFaq', input: { text: 'shelters?', actor: `discord-main:${citizen.id}` } });
    expect(fake.callbacks.find((c) => c.interactionId === faq)?.body.data?.flags ?? 0).toBe(0);
  });
});

describe('discord channel: gateway refusal', () => {
  it('a gateway that refuses IDENTIFY (4004) fails start with AUTH_FAILED and disables the channel', async () => {
    const other = await startFakeDiscord({ token: TOKEN });
    other.gateway.refuseIdentify = true;
    const options = discordOptionsSchema.parse({ apiBase: other.apiBase, channelIds: ['888888888888888881'], readyTimeoutMs: 10_000 });
    const refused = createDiscordChannel('discord-refused', options, testDeps().deps);
    const started = Date.now();
    try {
      await expect(refused.start(async () => {})).rejects.toMatchObject({ code: 'AUTH_FAILED' });
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(refused.health().state).toBe('disabled');
    } finally {
      await refused.close();
      await other.close();
    }
  });
});
