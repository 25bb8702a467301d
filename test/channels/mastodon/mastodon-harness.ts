import type { ChannelDeps } from '../../../src/channels/channel.js';
import { createMastodonChannel, mastodonOptionsSchema, type MastodonChannel } from '../../../src/channels/mastodon/mastodon-channel.js';
import type { FakeMastodon } from '../../fakes/mastodon/fake-mastodon-server.js';
import { capturedLogger, MemoryState } from '../../support/channel-test-deps.js';

export function memoryState(): MemoryState {
  return new MemoryState();
}

export interface Harness {
  channel: MastodonChannel;
  state: ReturnType<typeof memoryState>;
  /** Everything the adapter logged, as pino JSON lines. */
  logs: () => string;
}

/** The real adapter, wired to the fake instance with test deps; options as in channels.yaml. */
export function makeChannel(fake: FakeMastodon, extra: Record<string, unknown> = {}, state = memoryState(), env: Record<string, string> = { MASTODON_TOKEN: fake.token }): Harness {
  const { logger, logs } = capturedLogger('trace');
  const deps: ChannelDeps = {
    logger,
    state,
    secret: (name) => env[name],
    clock: { now: () => Date.now() },
  };
  const options = mastodonOptionsSchema.parse({ instance: fake.url, pollSeconds: 3600, timeoutMs: 2000, ...extra });
  return { channel: createMastodonChannel('mastodon-city', options, deps), state, logs };
}
