import { blueskyOptionsSchema, createBlueskyChannel } from '../../../src/channels/bluesky/bluesky-channel.js';
import { describeChannelContract, type ContractFault } from '../../contract/channel-contract.js';
import { FakeBlueskyServer } from '../../fakes/bluesky/fake-bluesky-server.js';

const CREATE = 'com.atproto.repo.createRecord';
const LOGIN = 'com.atproto.server.createSession';

describeChannelContract({
  name: 'bluesky-contract',
  kind: 'bluesky',
  inbound: 'poll',
  resetSeconds: 2,
  async open() {
    const fake = await new FakeBlueskyServer().start();
    fake.slowCommitMs = 2_500;
    const resident = fake.addUser('resident.bsky.social');
    const faults: Record<ContractFault, () => void> = {
      'post-5xx': () => fake.inject({ kind: 'server-error', count: 1, method: CREATE }),
      'post-5xx-after-create': () => fake.inject({ kind: 'server-error-after-create', count: 1, method: CREATE }),
      'post-lost': () => fake.inject({ kind: 'lost-response', count: 1, method: CREATE }),
      'post-slow-commit': () => fake.inject({ kind: 'slow-commit', count: 1, method: CREATE }),
      'lookup-5xx': () => fake.inject({ kind: 'server-error', count: 1, method: 'app.bsky.feed.getAuthorFeed' }),
      // The agent refreshes the session once on a 401 and repeats the call: refuse both.
      'post-401': () => fake.inject({ kind: 'unauthorized', count: 2, method: CREATE }),
      'post-429-reset': () => fake.inject({ kind: 'rate-limit', count: 1, method: CREATE, resetAt: Math.ceil(Date.now() / 1000) + 2 }),
      'post-429-bare': () => fake.inject({ kind: 'rate-limit-bare', count: 1, method: CREATE }),
      'start-429': () => fake.inject({ kind: 'rate-limit', count: 1, method: LOGIN, resetAt: Math.ceil(Date.now() / 1000) }),
      'start-reset': () => fake.inject({ kind: 'reset', count: 1, method: LOGIN }),
      'start-5xx': () => fake.inject({ kind: 'server-error', count: 1, method: LOGIN }),
    };
    return {
      channel: (state, logger) =>
        createBlueskyChannel(
          'bluesky-contract',
          blueskyOptionsSchema.parse({ service: fake.url, identifier: fake.account.handle, pollSeconds: 3600, timeoutMs: 1_000, settleSeconds: 6, startRetryBaseMs: 100, startRetryMaxMs: 400 }),
          { logger, state, secret: (name) => (name === 'BLUESKY_APP_PASSWORD' ? fake.account.password : undefined), clock: { now: () => Date.now() } },
        ),
      ours: () =>
        fake.ownPosts().map((r) => {
          const parent = (r.value['reply'] as { parent?: { uri?: string } } | undefined)?.parent?.uri;
          return { id: r.uri, text: String(r.value['text'] ?? ''), ...(parent === undefined ? {} : { parentId: parent }) };
        }),
      mention: (text) => fake.citizenPost(resident, `@${fake.account.handle} ${text}`).uri,
      lag: (min, max) => fake.lag.set(min, max),
      fault: (kind) => faults[kind](),
      close: () => fake.close(),
    };
  },
});
