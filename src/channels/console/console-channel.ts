import { z } from 'zod';
import type { PartRef } from '../../domain/post.js';
import type { Channel, ChannelDeps, ChannelHealth, PublishRequest } from '../channel.js';
import { CONSOLE_CAPABILITIES } from './console-capabilities.js';

export const consoleOptionsSchema = z.looseObject({
  maxLength: z.number().int().positive().default(1000),
});
export type ConsoleOptions = z.infer<typeof consoleOptionsSchema>;

/**
 * Prints posts to the terminal, for demos. Terminal output is not durable, so reconciliation
 * cannot look anything up: after a crash an unknown attempt is reported as not found and may be
 * printed again. That is acceptable for a terminal and never true of a real platform adapter.
 */
export function createConsoleChannel(name: string, options: ConsoleOptions, deps: ChannelDeps, write: (text: string) => void = (t) => process.stdout.write(t)): Channel {
  const health: ChannelHealth = { state: 'ok', since: deps.clock.now() };
  let counter = 0;
  return {
    name,
    kind: 'console',
    limits: { ...CONSOLE_CAPABILITIES.limits, maxLength: options.maxLength },
    capabilities: { ...CONSOLE_CAPABILITIES, limits: { ...CONSOLE_CAPABILITIES.limits, maxLength: options.maxLength } },
    async start() {},
    async close() {},
    health: () => health,
    async publish(request: PublishRequest): Promise<PartRef> {
      counter++;
      const time = new Date(deps.clock.now()).toISOString().slice(11, 19);
      const thread = request.inReplyTo !== undefined ? ' ↳ thread' : request.replyTo !== undefined ? ' ↳ reply' : '';
      const body = request.text
        .split('\n')
        .map((line) => `│ ${line}`)
        .join('\n');
      write(`\n┌─ 📣 ${name} ${time}${thread}\n${body}\n└─ ${request.key}\n`);
      return { id: `${name}-${deps.clock.now()}-${counter}` };
    },
    async lookup() {
      return { found: false };
    },
  };
}
