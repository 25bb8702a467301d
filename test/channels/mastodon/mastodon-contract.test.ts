import { createMastodonChannel, mastodonOptionsSchema } from '../../../src/channels/mastodon/mastodon-channel.js';
import { describeChannelContract, type ContractFault } from '../../contract/channel-contract.js';
import { startFakeMastodon } from '../../fakes/mastodon/fake-mastodon-server.js';

const TOKEN = 'tok-contract';

describeChannelContract({
  name: 'mastodon-contract',
  kind: 'mastodon',
  inbound: 'poll',
  resetSeconds: 2,
  async open() {
    const fake = await startFakeMastodon({ token: TOKEN });
    fake.slowCommitMs = 2_500;
    const post = { match: 'POST /api/v1/statuses' };
    const faults: Record<ContractFault, () => void> = {
      'post-5xx': () => fake.fail('server-error', post),
      'post-5xx-after-create': () => fake.fail('server-error-after-create', post),
      'post-lost': () => fake.fail('lost-response', post),
      'post-slow-commit': () => fake.fail('slow-commit', post),
      'lookup-5xx': () => fake.fail('server-error', { match: `GET /api/v1/accounts/${fake.self.id}/statuses` }),
      'post-401': () => fake.fail('unauthorized', post),
      'post-429-reset': () => {
        // Mastodon sends X-RateLimit-Reset as an ISO time, to the millisecond.
        fake.rateLimitResetAt = new Date(Date.now() + 2_000);
        fake.fail('rate-limit', post);
      },
      'post-429-bare': () => fake.fail('rate-limit-bare', post),
      'start-429': () => {
        fake.rateLimitResetAt = new Date(Date.now() + 500);
        fake.fail('rate-limit', { match: 'verify_credentials' });
      },
      'start-reset': () => fake.fail('reset', { match: 'verify_credentials' }),
      'start-5xx': () => fake.fail('server-error', { match: 'verify_credentials' }),
    };
    return {
      channel: (state, logger) =>
        createMastodonChannel(
          'mastodon-contract',
          mastodonOptionsSchema.parse({ instance: fake.url, pollSeconds: 3600, timeoutMs: 1_000, settleSeconds: 6, startRetryBaseMs: 100, startRetryMaxMs: 400 }),
          { logger, state, secret: (name) => (name === 'MASTODON_TOKEN' ? TOKEN : undefined), clock: { now: () => Date.now() } },
        ),
      ours: () => fake.posted().map((s) => ({ id: s.id, text: s.text, ...(s.inReplyToId === null ? {} : { parentId: s.inReplyToId }) })),
      mention: (text) => fake.mention({ from: 'resident@example.org', text }).id,
      lag: (min, max) => fake.lag.set(min, max),
      fault: (kind) => faults[kind](),
      close: () => fake.close(),
    };
  },
});
