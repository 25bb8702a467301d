import { Writable } from 'node:stream';
import { pino, type Level, type Logger } from 'pino';
import type { ChannelStateStore } from '../../src/channels/channel.js';

/**
 * Map-backed channel state. Values go through a JSON round trip, as in a real store (no shared
 * object references); share one instance between adapter instances to model a restart.
 */
export class MemoryState implements ChannelStateStore {
  readonly map = new Map<string, unknown>();
  async get<T>(key: string): Promise<T | undefined> {
    return this.map.get(key) as T | undefined;
  }
  async set<T>(key: string, value: T): Promise<void> {
    this.map.set(key, JSON.parse(JSON.stringify(value)) as unknown);
  }
}

/** A pino logger whose output tests can read (to check, e.g., that no secret is ever logged). */
export function capturedLogger(level: Level): { logger: Logger; logs: () => string; lines: () => Record<string, unknown>[] } {
  let output = '';
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      output += chunk.toString('utf8');
      done();
    },
  });
  return {
    logger: pino({ level }, sink),
    logs: () => output,
    lines: () => output.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}
