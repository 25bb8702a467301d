import type { ChannelDeps, ChannelStateStore } from '../../../src/channels/channel.js';
import type { StaffCommands } from '../../../src/channels/staff-commands.js';
import { capturedLogger, MemoryState } from '../../support/channel-test-deps.js';

export const TOKEN = 'fake-bot-token.abc.XYZ-secret';

export interface TestDeps {
  deps: ChannelDeps;
  /** Everything the logger wrote, to check the token never appears. */
  logs: () => string;
}

export function memoryState(): ChannelStateStore {
  return new MemoryState();
}

export function testDeps(env: Record<string, string> = { DISCORD_TOKEN: TOKEN }, commands?: StaffCommands): TestDeps {
  const { logger, logs } = capturedLogger('debug');
  const deps: ChannelDeps = {
    logger,
    state: memoryState(),
    secret: (n) => env[n],
    clock: { now: () => Date.now() },
    ...(commands === undefined ? {} : { commands }),
  };
  return { deps, logs };
}

export interface RecordedCall {
  method: keyof StaffCommands;
  input: unknown;
}

/** A StaffCommands stand-in that records calls and answers with fixed text. */
export function recordingCommands(): StaffCommands & { calls: RecordedCall[] } {
  const calls: RecordedCall[] = [];
  return {
    calls,
    async declareEmergency(input) {
      calls.push({ method: 'declareEmergency', input });
      return `declared ${input.type}`;
    },
    async liftEmergency(input) {
      calls.push({ method: 'liftEmergency', input });
      return 'lifted';
    },
    async emergencyStatus() {
      calls.push({ method: 'emergencyStatus', input: undefined });
      return 'no active emergency';
    },
    async askFaq(input) {
      calls.push({ method: 'askFaq', input });
      return 'Shelters are listed at city.example/shelters';
    },
    async queuePost(input) {
      calls.push({ method: 'queuePost', input });
      return 'queued';
    },
  };
}

/** Polls until the predicate holds (gateway events arrive asynchronously). */
export async function until(predicate: () => boolean, timeoutMs = 5_000): Promise<void> {
  const start = Date.now();
  while (!predicate()) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
