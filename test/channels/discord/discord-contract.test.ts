import { createDiscordChannel, discordOptionsSchema } from '../../../src/channels/discord/discord-channel.js';
import { describeChannelContract, type ContractFault } from '../../contract/channel-contract.js';
import { startFakeDiscord } from '../../fakes/discord/fake-discord.js';
import type { FakeUser } from '../../fakes/discord/fake-discord-payloads.js';

const TOKEN = 'contract-bot-token.abc';
const CHANNEL = '1100000000000000001';
const POST = /^POST \/channels\//;

describeChannelContract({
  name: 'discord-contract',
  kind: 'discord',
  inbound: 'push',
  resetSeconds: 2,
  skip: {
    'indexing-lag':
      'mentions are pushed by the gateway as they happen, so there is no read window to fall behind; questions asked while the service was away are read back from help channels (discord-backfill.test.ts)',
  },
  async open() {
    const fake = await startFakeDiscord({ token: TOKEN, channelIds: [CHANNEL] });
    const resident: FakeUser = { id: '1200000000000000001', username: 'resident', bot: false };
    const faults: Record<ContractFault, () => void> = {
      'post-5xx': () => fake.failNext({ kind: 'server-error' }, 1, POST),
      'post-5xx-after-create': () => fake.failNext({ kind: 'server-error-after-create' }, 1, POST),
      'post-lost': () => fake.failNext({ kind: 'lost-response' }, 1, POST),
      'post-slow-commit': () => fake.failNext({ kind: 'slow-commit', ms: 2_500 }, 1, POST),
      'lookup-5xx': () => fake.failNext({ kind: 'server-error' }, 1, /^GET \/channels\//),
      'post-401': () => fake.failNext({ kind: 'unauthorized' }, 1, POST),
      'post-429-reset': () => fake.failNext({ kind: 'rate-limit', retryAfterSeconds: 2 }, 1, POST),
      'post-429-bare': () => fake.failNext({ kind: 'rate-limit-bare' }, 1, POST),
      'start-429': () => fake.failNext({ kind: 'rate-limit', retryAfterSeconds: 0.2 }, 1, /^GET \/users\/@me/),
      'start-reset': () => fake.failNext({ kind: 'reset' }, 1, /^GET \/users\/@me/),
      'start-5xx': () => fake.failNext({ kind: 'server-error' }, 1, /^GET \/users\/@me/),
    };
    return {
      channel: (state, logger) =>
        createDiscordChannel(
          'discord-contract',
          discordOptionsSchema.parse({ apiBase: fake.apiBase, channelIds: [CHANNEL], guildId: fake.guildId, timeoutMs: 1_000, settleSeconds: 6, startRetryBaseMs: 100, startRetryMaxMs: 400 }),
          { logger, state, secret: (name) => (name === 'DISCORD_TOKEN' ? TOKEN : undefined), clock: { now: () => Date.now() } },
        ),
      ours: () =>
        fake.posts.map((p) => {
          const parent = (p.body['message_reference'] as { message_id?: string } | undefined)?.message_id;
          return { id: String(p.message['id']), text: String(p.body['content'] ?? ''), ...(parent === undefined ? {} : { parentId: parent }) };
        }),
      mention: (text) => fake.sendMessage({ author: resident, content: text, mentionBot: true }),
      lag: (min, max) => fake.lag.set(min, max),
      fault: (kind) => faults[kind](),
      close: () => fake.close(),
    };
  },
});
