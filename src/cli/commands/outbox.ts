import type { Command } from 'commander';
import type { Env } from '../../config/env.js';
import { withAdmin } from '../admin-call.js';
import { printJson, table } from '../format.js';

export function registerOutbox(program: Command, env: () => Env): void {
  const outbox = program.command('outbox').description('posts waiting, sent, failed');
  outbox
    .command('list')
    .description('list posts')
    .option('-s, --status <status>', 'pending | claimed | attempting | sent | failed | cancelled | dropped')
    .option('-c, --channel <name>', 'only this channel')
    .option('-n, --limit <n>', 'how many', '50')
    .option('--json', 'print JSON')
    .action(async (opts: { status?: string; channel?: string; limit: string; json?: boolean }) => {
      const query = new URLSearchParams({ limit: opts.limit, ...(opts.status === undefined ? {} : { status: opts.status }), ...(opts.channel === undefined ? {} : { channel: opts.channel }) });
      const posts = await withAdmin(env(), (call) => call<Record<string, unknown>[]>('GET', `/api/outbox?${query}`));
      if (opts.json === true) return printJson(posts);
      process.stdout.write(table(posts, ['dueAt', 'status', 'priority', 'channel', 'id', 'attempts', 'lastError']) + '\n');
    });
  for (const action of ['retry', 'cancel', 'approve'] as const) {
    outbox
      .command(`${action} <id>`)
      .description(action === 'retry' ? 'put a failed, dropped or cancelled post back in the queue' : action === 'cancel' ? 'cancel a pending post' : 'approve a post waiting for a second person')
      .action(async (id: string) => {
        const post = await withAdmin(env(), (call) => call<{ id: string; status: string }>('POST', `/api/outbox/${encodeURIComponent(id)}/${action}`, {}));
        process.stdout.write(`${post.id}: ${post.status}\n`);
      });
  }
}
