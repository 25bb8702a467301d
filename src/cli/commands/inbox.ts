import type { Command } from 'commander';
import type { Env } from '../../config/env.js';
import { withAdmin } from '../admin-call.js';
import { formatAge } from '../../domain/format-age.js';
import { printJson, table } from '../format.js';

export function registerInbox(program: Command, env: () => Env): void {
  const inbox = program.command('inbox').description('messages handed to staff (urgent, then possible danger, each oldest first)');
  inbox
    .command('list')
    .option('-s, --status <status>', 'open | answered | resolved | all', 'open')
    .option('--json', 'print JSON')
    .action(async (opts: { status: string; json?: boolean }) => {
      const items = await withAdmin(env(), (call) => call<Record<string, unknown>[]>('GET', `/api/inbox?status=${encodeURIComponent(opts.status)}`));
      if (opts.json === true) return printJson(items);
      const now = Date.now();
      const rows = items.map((i) => ({ ...i, danger: i['danger'] ?? (i['urgent'] === true ? 'urgent' : 'none'), age: typeof i['createdAt'] === 'number' ? formatAge(now - i['createdAt']) : '' }));
      process.stdout.write(table(rows, ['id', 'danger', 'age', 'reason', 'topic', 'confidence', 'locale', 'author', 'text']) + '\n');
    });
  inbox
    .command('reply <id>')
    .description('answer a message (goes out through the outbox as a reply)')
    .requiredOption('-t, --text <text>', 'the answer')
    .action(async (id: string, opts: { text: string }) => {
      const answered = await withAdmin(env(), (call) => call<{ posted?: boolean }>('POST', `/api/inbox/${encodeURIComponent(id)}/reply`, { text: opts.text }));
      process.stdout.write(answered.posted === false ? `${id} was already answered: nothing posted again\n` : `answered ${id}: the reply goes out in the resident's thread\n`);
    });
  inbox
    .command('resolve <id>')
    .description('mark handled without replying')
    .action(async (id: string) => {
      await withAdmin(env(), (call) => call('POST', `/api/inbox/${encodeURIComponent(id)}/resolve`, {}));
      process.stdout.write(`resolved ${id}\n`);
    });
}
