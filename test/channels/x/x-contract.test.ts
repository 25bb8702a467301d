import { createXChannel, xOptionsSchema } from '../../../src/channels/x/x-channel.js';
import { describeChannelContract, type ContractFault } from '../../contract/channel-contract.js';
import { FakeXServer } from '../../fakes/x/fake-x-server.js';
import { OAUTH1_ENV } from './x-harness.js';

describeChannelContract({
  name: 'x-contract',
  kind: 'x',
  inbound: 'poll',
  resetSeconds: 2,
  async open() {
    const fake = new FakeXServer();
    await fake.start();
    fake.windowLimit = 100_000;
    fake.slowCommitMs = 2_500;
    const citizen = fake.addUser('resident_1');
    const faults: Record<ContractFault, () => void> = {
      'post-5xx': () => fake.failNext('500', 1, 'POST /2/tweets'),
      'post-5xx-after-create': () => fake.failNext('503-after-create', 1, 'POST /2/tweets'),
      'post-lost': () => fake.failNext('lost', 1, 'POST /2/tweets'),
      'post-slow-commit': () => fake.failNext('slow-commit', 1, 'POST /2/tweets'),
      'lookup-5xx': () => fake.failNext('500', 1, `GET /2/users/${fake.me.id}/tweets`),
      'post-401': () => fake.failNext('401', 1, 'POST /2/tweets'),
      // The fake's 429 carries the window's x-rate-limit-reset: make the window end in 2 s.
      'post-429-reset': () => {
        fake.endpointLimits.set('POST /2/tweets', { limit: 100_000, windowSeconds: 2 });
        fake.resetWindows();
        fake.failNext('429', 1, 'POST /2/tweets');
      },
      'post-429-bare': () => fake.failNext('429-bare', 1, 'POST /2/tweets'),
      // The 429's reset (the end of its window) is respected before trying again: a short window.
      'start-429': () => {
        fake.endpointLimits.set('GET /2/users/me', { limit: 100_000, windowSeconds: 1 });
        fake.resetWindows();
        fake.failNext('429', 1, 'GET /2/users/me');
      },
      'start-reset': () => fake.failNext('reset', 1, 'GET /2/users/me'),
      'start-5xx': () => fake.failNext('500', 1, 'GET /2/users/me'),
    };
    return {
      channel: (state, logger) =>
        createXChannel(
          'x-contract',
          xOptionsSchema.parse({ apiBase: fake.url, requestTimeoutSeconds: 1, settleSeconds: 6, startRetryBaseMs: 100, startRetryMaxMs: 400 }),
          { logger, state, secret: (name) => OAUTH1_ENV[name], clock: { now: () => Date.now() } },
        ),
      // Replies start with the @handle X adds; the fake stores the text as X would return it.
      ours: () => fake.posted.map((t) => ({ id: t.id, text: t.text, ...(t.in_reply_to_tweet_id === undefined ? {} : { parentId: t.in_reply_to_tweet_id }) })),
      mention: (text) => fake.addMention(citizen, text).id,
      lag: (min, max) => fake.lag.set(min, max),
      fault: (kind) => faults[kind](),
      close: () => fake.stop(),
    };
  },
});
