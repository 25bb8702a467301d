import { createThreadsChannel, threadsOptionsSchema } from '../../../src/channels/threads/threads-channel.js';
import { describeChannelContract, type ContractFault } from '../../contract/channel-contract.js';
import { startFakeThreads } from '../../fakes/meta/fake-threads.js';

describeChannelContract({
  name: 'threads-contract',
  kind: 'threads',
  inbound: 'poll',
  // Regain times are whole minutes (see facebook-contract.test.ts): 0 minutes here.
  resetSeconds: 0,
  async open() {
    const fake = await startFakeThreads();
    fake.graph.slowCommitMs = 2_500;
    const id = fake.user.id;
    const publish = `POST /v1.0/${id}/threads_publish`;
    const verify = new RegExp(`^GET /v1\\.0/${id}$`);
    const faults: Record<ContractFault, () => void> = {
      'post-5xx': () => fake.graph.fail('server-error', { match: publish }),
      'post-5xx-after-create': () => fake.graph.fail('error-after-create', { match: publish }),
      'post-lost': () => fake.graph.fail('lost-response', { match: publish }),
      'post-slow-commit': () => fake.graph.fail('slow-commit', { match: publish }),
      'lookup-5xx': () => fake.graph.fail('server-error', { match: new RegExp(`^GET /v1\\.0/${id}/(threads|replies)$`) }),
      'post-401': () => fake.graph.fail('expired-token', { match: `POST /v1.0/${id}/threads` }),
      'post-429-reset': () => fake.graph.fail('rate-limit', { code: 80002, regainMinutes: 0, match: `POST /v1.0/${id}/threads` }),
      'post-429-bare': () => fake.graph.fail('rate-limit-bare', { match: `POST /v1.0/${id}/threads` }),
      'start-429': () => fake.graph.fail('rate-limit', { code: 80002, regainMinutes: 0, match: verify }),
      'start-reset': () => fake.graph.fail('lost-response', { match: verify }),
      'start-5xx': () => fake.graph.fail('server-error', { match: verify }),
    };
    return {
      channel: (state, logger) =>
        createThreadsChannel(
          'threads-contract',
          threadsOptionsSchema.parse({ userId: id, graphUrl: fake.url, pollSeconds: 0, timeoutMs: 1_000, containerPollMs: 20, settleSeconds: 6, startRetryBaseMs: 100, startRetryMaxMs: 400 }),
          { logger, state, secret: (name) => (name === 'THREADS_TOKEN' ? fake.token : undefined), clock: { now: () => Date.now() } },
        ),
      ours: () => fake.posted().map((p) => ({ id: p.id, text: p.text, ...(p.replyToId === null ? {} : { parentId: p.replyToId }) })),
      mention: (text) => fake.mention({ username: 'resident.one', text }).id,
      lag: (min, max) => fake.lag.set(min, max),
      fault: (kind) => faults[kind](),
      close: () => fake.close(),
    };
  },
});
