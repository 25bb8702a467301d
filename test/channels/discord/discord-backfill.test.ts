import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Channel, ChannelDeps } from '../../../src/channels/channel.js';
import { createDiscordChannel, discordOptionsSchema } from '../../../src/channels/discord/discord-channel.js';
import type { InboundMessage } from '../../../src/domain/inbound-message.js';
import { startFakeDiscord, type FakeDiscord } from '../../fakes/discord/fake-discord.js';
import { testDeps, TOKEN, until } from './helpers.js';

const HELP = '333333333333333332';
const OTHER = '333333333333333333';
const citizen = { id: '555555555555555551', username: 'resident' };

describe('discord: help-channel questions asked while the service was away', () => {
  let fake: FakeDiscord;
  let deps: ChannelDeps;
  const inbound: InboundMessage[] = [];
  const open: Channel[] = [];

  const start = async (): Promise<Channel> => {
    const options = discordOptionsSchema.parse({ apiBase: fake.apiBase, channelIds: [OTHER], helpChannelIds: [HELP], guildId: fake.guildId });
    const channel = createDiscordChannel('discord-main', options, deps);
    open.push(channel);
    await channel.start(async (message) => {
      inbound.push(message);
    });
    return channel;
  };

  beforeAll(async () => {
    fake = await startFakeDiscord({ token: TOKEN, channelIds: [OTHER, HELP] });
    // One state store for every start: the cursor survives like it does in the real store.
    deps = testDeps({ DISCORD_TOKEN: TOKEN }).deps;
  });
  afterAll(async () => {
    for (const channel of open) await channel.close();
    await fake.close();
  });

  it('answers nothing from before its first start, then reads back only what was missed, oldest first, once', async () => {
    const history = fake.sendMessage({ channelId: HELP, author: citizen, content: 'an old question from last year', offline: true });
    const first = await start();
    const live = fake.sendMessage({ channelId: HELP, author: citizen, content: 'is the bridge open?' });
    await until(() => inbound.some((m) => m.id === live));
    await first.close();

    // Asked while the service was down (the gateway delivered nothing):
    const missedA = fake.sendMessage({ channelId: HELP, author: citizen, content: 'do I move my car?', offline: true });
    const missedB = fake.sendMessage({ channelId: HELP, author: citizen, content: 'is trash delayed?', offline: true });
    const chatter = fake.sendMessage({ channelId: OTHER, author: citizen, content: 'not a help channel', offline: true });

    await start();
    await until(() => inbound.some((m) => m.id === missedB));
    const ids = inbound.map((m) => m.id);
    expect(ids).toEqual([live, missedA, missedB]);
    expect(ids).not.toContain(history);
    expect(ids).not.toContain(chatter);
    expect(inbound.find((m) => m.id === missedA)).toMatchObject({ channel: 'discord-main', text: 'do I move my car?', author: { handle: 'resident' } });
  });
});
