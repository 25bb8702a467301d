import type { ChannelDeps } from '../../../src/channels/channel.js';
import { createXChannel, xOptionsSchema } from '../../../src/channels/x/x-channel.js';
import type { XChannel } from '../../../src/channels/x/x-channel.js';
import type { FakeXServer } from '../../fakes/x/fake-x-server.js';
import { capturedLogger, MemoryState } from '../../support/channel-test-deps.js';

export { MemoryState };

export const OAUTH1_ENV: Record<string, string> = {
  X_APP_KEY: 'app-key-SECRET-1',
  X_APP_SECRET: 'app-secret-SECRET-2',
  X_ACCESS_TOKEN: 'fake-access-token',
  X_ACCESS_SECRET: 'access-secret-SECRET-3',
};

export interface Harness {
  channel: XChannel;
  deps: ChannelDeps;
  state: MemoryState;
  /** Everything the channel logged, at trace level. */
  logs: () => string;
}

export function makeChannel(fake: FakeXServer, options: Record<string, unknown> = {}, env: Record<string, string> = OAUTH1_ENV, state = new MemoryState()): Harness {
  const { logger, logs } = capturedLogger('trace');
  const deps: ChannelDeps = {
    logger,
    state,
    secret: (name) => env[name],
    clock: { now: () => Date.now() },
  };
  const parsed = xOptionsSchema.parse({ apiBase: fake.url, ...options });
  return { channel: createXChannel('x-test', parsed, deps), deps, state, logs };
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
