import { createFacebookChannel, facebookOptionsSchema } from '../../../src/channels/facebook/facebook-channel.js';
import { describeChannelContract, type ContractFault } from '../../contract/channel-contract.js';
import { startFakeFacebook } from '../../fakes/meta/fake-facebook.js';

describeChannelContract({
  name: 'facebook-contract',
  kind: 'facebook',
  inbound: 'poll',
  // Meta states a regain time in whole minutes, longer than the contract waits for a post; the
  // fault says 0 minutes ("the budget is back"), which still proves the header is read (without
  // it the channel waits its conservative minute). Minutes are checked in facebook-channel.test.ts.
  resetSeconds: 0,
  async open() {
    const fake = await startFakeFacebook();
    fake.graph.slowCommitMs = 2_500;
    const seed = fake.seedPost('Ask us anything about the snow emergency.');
    const post = `POST /v21.0/${fake.page.id}/feed`;
    const verify = /^GET \/v21\.0\/me$/;
    const faults: Record<ContractFault, () => void> = {
      'post-5xx': () => fake.graph.fail('server-error', { match: post }),
      'post-5xx-after-create': () => fake.graph.fail('error-after-create', { match: post }),
      'post-lost': () => fake.graph.fail('lost-response', { match: post }),
      'post-slow-commit': () => fake.graph.fail('slow-commit', { match: post }),
      'lookup-5xx': () => fake.graph.fail('server-error', { match: `GET /v21.0/${fake.page.id}/posts` }),
      'post-401': () => fake.graph.fail('expired-token', { match: post }),
      // A page (business-use-case) throttle names its regain time in the BUC header.
      'post-429-reset': () => fake.graph.fail('rate-limit', { code: 80001, regainMinutes: 0, match: post }),
      // An app-level throttle reports X-App-Usage only: no regain time.
      'post-429-bare': () => fake.graph.fail('rate-limit-bare', { match: post }),
      'start-429': () => fake.graph.fail('rate-limit', { code: 80001, regainMinutes: 0, match: verify }),
      'start-reset': () => fake.graph.fail('lost-response', { match: verify }),
      'start-5xx': () => fake.graph.fail('server-error', { match: verify }),
    };
    return {
      channel: (state, logger) =>
        createFacebookChannel(
          'facebook-contract',
          facebookOptionsSchema.parse({ pageId: fake.page.id, graphUrl: fake.url, pollSeconds: 0, timeoutMs: 1_000, settleSeconds: 6, startRetryBaseMs: 100, startRetryMaxMs: 400 }),
          { logger, state, secret: (name) => (name === 'FACEBOOK_PAGE_TOKEN' ? fake.pageToken : undefined), clock: { now: () => Date.now() } },
        ),
      // The page's posts, and its comments (a later part or an answer) under what they answer.
      ours: () => [...fake.posted().map((p) => ({ id: p.id, text: p.message })), ...fake.pageComments().map((c) => ({ id: c.id, text: c.message, parentId: c.parentId ?? c.postId }))],
      mention: (text) => fake.comment({ postId: seed.id, from: 'Resident One', message: text }).id,
      lag: (min, max) => fake.lag.set(min, max),
      fault: (kind) => faults[kind](),
      close: () => fake.close(),
    };
  },
});
