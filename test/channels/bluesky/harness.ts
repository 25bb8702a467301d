import { blueskyOptionsSchema, createBlueskyChannel } from '../../../src/channels/bluesky/bluesky-channel.js';
import type { BlueskyChannel } from '../../../src/channels/bluesky/bluesky-channel.js';
import type { ChannelDeps } from '../../../src/channels/channel.js';
import type { InboundMessage } from '../../../src/domain/inbound-message.js';
import { FakeBlueskyServer } from '../../fakes/bluesky/fake-bluesky-server.js';
import { capturedLogger, MemoryState } from '../../support/channel-test-deps.js';

export { MemoryState };

export interface Harness {
  fake: FakeBlueskyServer;
  state: MemoryState;
  /** Everything every adapter logged, at debug level. */
  logs: () => string;
  inbox: InboundMessage[];
  /** A new adapter instance on the same fake and state, already started. */
  channel: (options?: Record<string, unknown>, env?: Record<string, string>) => Promise<BlueskyChannel>;
  /** Same, not started. */
  create: (options?: Record<string, unknown>, env?: Record<string, string>) => BlueskyChannel;
  close: () => Promise<void>;
}

export async function harness(): Promise<Harness> {
  const fake = await new FakeBlueskyServer().start();
  const state = new MemoryState();
  const { logger, logs } = capturedLogger('debug');
  const inbox: InboundMessage[] = [];
  const opened: BlueskyChannel[] = [];

  const create = (options: Record<string, unknown> = {}, env?: Record<string, string>): BlueskyChannel => {
    const secrets = env ?? { BLUESKY_IDENTIFIER: fake.account.handle, BLUESKY_APP_PASSWORD: fake.account.password ?? '' };
    const deps: ChannelDeps = {
      logger,
      state,
      secret: (name) => secrets[name],
      clock: { now: () => Date.now() },
    };
    // pollSeconds 0 would skip the poller entirely; a long interval keeps it but never fires in a test.
    const parsed = blueskyOptionsSchema.parse({ service: fake.url, pollSeconds: 3600, ...options });
    const channel = createBlueskyChannel('bsky-city', parsed, deps);
    opened.push(channel);
    return channel;
  };

  return {
    fake,
    state,
    logs,
    inbox,
    create,
    async channel(options, env) {
      const channel = create(options, env);
      await channel.start(async (message) => {
        inbox.push(message);
      });
      return channel;
    },
    async close() {
      for (const channel of opened) await channel.close();
      await fake.close();
    },
  };
}

/** Runs a promise that must reject and returns the rejection. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}
