import { Writable } from 'node:stream';
import pino from 'pino';
import type { ChannelDeps, ChannelStateStore } from '../../../src/channels/channel.js';
import { createMastodonChannel, mastodonOptionsSchema, type MastodonChannel } from '../../../src/channels/mastodon/mastodon-channel.js';
import type { FakeMastodon } from '../../fakes/mastodon/fake-mastodon-server.js';

export function memoryState(): ChannelStateStore & { map: Map<string, unknown> } {
  const map = new Map<string, unknown>();
  return {
    map,
    get: async <T>(key: string) => map.get(key) as T | undefined,
    set: async <T>(key: string, value: T) => {
      map.set(key, value);
    },
  };
}

export interface Harness {
  channel: MastodonChannel;
  state: ReturnType<typeof memoryState>;
  /** Everything the adapter logged, as pino JSON lines. */
  logs: () => string;
}

/** The real adapter, wired to the fake instance with test deps; options as in channels.yaml. */
export function makeChannel(fake: FakeMastodon, extra: Record<string, unknown> = {}, state = memoryState(), env: Record<string, string> = { MASTODON_TOKEN: fake.token }): Harness {
  let output = '';
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      output += chunk.toString('utf8');
      done();
    },
  });
  const deps: ChannelDeps = {
    logger: pino({ level: 'trace' }, sink),
    state,
    secret: (name) => env[name],
    clock: { now: () => Date.now() },
  };
  const options = mastodonOptionsSchema.parse({ instance: fake.url, pollSeconds: 3600, timeoutMs: 2000, ...extra });
  return { channel: createMastodonChannel('mastodon-city', options, deps), state, logs: () => output };
}
