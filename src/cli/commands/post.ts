import type { Command } from 'commander';
import type { Env } from '../../config/env.js';
import { withAdmin } from '../admin-call.js';
import { table } from '../format.js';

const collect = (value: string, previous: string[] = []) => [...previous, ...value.split(',').map((v) => v.trim()).filter(Boolean)];

export function registerPost(program: Command, env: () => Env): void {
  program
    .command('post')
    .description('queue a post on one or more channels, now or at a time')
    .requiredOption('-c, --channel <name>', 'channel or group (repeat or comma-separate; "all" for every channel)', collect)
    .requiredOption('-t, --text <text>', 'the text; long text becomes a thread where the channel allows')
    .option('--at <iso>', 'when to post, ISO 8601 with offset, e.g. 2026-12-01T07:00:00-05:00')
    .option('--priority <p>', 'routine | emergency | urgent', 'routine')
    .action(async (opts: { channel: string[]; text: string; at?: string; priority: string }) => {
      const result = await withAdmin(env(), (call) =>
        call<{ created: number; posts: { id: string; channel: string; parts: number; dueAt: string }[] }>('POST', '/api/posts', {
          text: opts.text,
          channels: opts.channel,
          priority: opts.priority,
          ...(opts.at === undefined ? {} : { at: opts.at }),
        }),
      );
      process.stdout.write(`queued ${result.created} post(s)\n${table(result.posts)}\n`);
    });
}
