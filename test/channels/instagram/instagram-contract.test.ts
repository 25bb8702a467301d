import { createInstagramChannel, instagramOptionsSchema } from '../../../src/channels/instagram/instagram-channel.js';
import { describeChannelContract, type ContractFault } from '../../contract/channel-contract.js';
import { startFakeInstagram } from '../../fakes/meta/fake-instagram.js';
import { startChannelWeb } from '../channel-web-server.js';

/**
 * Instagram is image first: every post is a card Instagram downloads from the service, so the
 * driver also runs the service's media route, serving whichever adapter instance is current.
 * Outcomes are the same as on every platform: the card (and its download) is part of the post.
 */
describeChannelContract({
  name: 'instagram-contract',
  kind: 'instagram',
  inbound: 'poll',
  // Regain times are whole minutes (see facebook-contract.test.ts): 0 minutes here.
  resetSeconds: 0,
  async open() {
    const fake = await startFakeInstagram();
    const web = await startChannelWeb();
    fake.graph.slowCommitMs = 2_500;
    const seed = fake.seedMedia('Ask us anything about the snow emergency.');
    const id = fake.user.id;
    const publish = `POST /v21.0/${id}/media_publish`;
    const verify = new RegExp(`^GET /v21\\.0/${id}$`);
    const faults: Record<ContractFault, () => void> = {
      'post-5xx': () => fake.graph.fail('server-error', { match: publish }),
      'post-5xx-after-create': () => fake.graph.fail('error-after-create', { match: publish }),
      'post-lost': () => fake.graph.fail('lost-response', { match: publish }),
      'post-slow-commit': () => fake.graph.fail('slow-commit', { match: publish }),
      'lookup-5xx': () => fake.graph.fail('server-error', { match: new RegExp(`^GET /v21\\.0/${id}/media$`) }),
      'post-401': () => fake.graph.fail('expired-token', { match: new RegExp(`^POST /v21\\.0/${id}/media$`) }),
      'post-429-reset': () => fake.graph.fail('rate-limit', { code: 80002, regainMinutes: 0, match: new RegExp(`^POST /v21\\.0/${id}/media$`) }),
      'post-429-bare': () => fake.graph.fail('rate-limit-bare', { match: new RegExp(`^POST /v21\\.0/${id}/media$`) }),
      'start-429': () => fake.graph.fail('rate-limit', { code: 80002, regainMinutes: 0, match: verify }),
      'start-reset': () => fake.graph.fail('lost-response', { match: verify }),
      'start-5xx': () => fake.graph.fail('server-error', { match: verify }),
    };
    return {
      channel: (state, logger) => {
        const channel = createInstagramChannel(
          'instagram-contract',
          instagramOptionsSchema.parse({ igUserId: id, graphUrl: fake.url, cardBaseUrl: web.url, pollSeconds: 0, timeoutMs: 1_000, containerPollMs: 20, settleSeconds: 6, startRetryBaseMs: 100, startRetryMaxMs: 400 }),
          { logger, state, secret: (name) => (name === 'INSTAGRAM_TOKEN' ? fake.token : undefined), clock: { now: () => Date.now() } },
        );
        web.channels.set(channel.name, channel);
        return channel;
      },
      // Media by caption, and the account's comments (a later part or an answer) under what they answer.
      ours: () => [...fake.posted().map((m) => ({ id: m.id, text: m.caption })), ...fake.ownComments().map((c) => ({ id: c.id, text: c.text, parentId: c.parentId ?? c.mediaId }))],
      mention: (text) => fake.comment({ mediaId: seed.id, username: 'resident.one', text }).id,
      lag: (min, max) => fake.lag.set(min, max),
      fault: (kind) => faults[kind](),
      close: async () => {
        await web.close();
        await fake.close();
      },
    };
  },
});
