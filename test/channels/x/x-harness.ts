import { Writable } from 'node:stream';
import { pino } from 'pino';
import type { ChannelDeps, ChannelStateStore } from '../../../src/channels/channel.js';
import { createXChannel, xOptionsSchema } from '../../../src/channels/x/x-channel.js';
import type { XChannel } from '../../../src/channels/x/x-channel.js';
import type { FakeXServer } from '../../fakes/x/fake-x-server.js';

/** Map-backed state, shared between channel instances to model a restart. */
export class MemoryState implements ChannelStateStore {
  readonly map = new Map<string, unknown>();
  async get<T>(key: string): Promise<T | undefined> {
    return this.map.get(key) as T | undefined;
  }
  async set<T>(key: string, value: T): Promise<void> {
    this.map.set(key, structuredClone(value));
  }
}

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
  let out = '';
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      out += chunk.toString();
      done();
    },
  });
  const deps: ChannelDeps = {
    logger: pino({ level: 'trace' }, sink),
    state,
    secret: (name) => env[name],
    clock: { now: () => Date.now() },
  };
  const parsed = xOptionsSchema.parse({ apiBase: fake.url, ...options });
  return { channel: createXChannel('x-test', parsed, deps), deps, state, logs: () => out };
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
