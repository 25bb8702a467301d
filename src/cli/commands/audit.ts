import type { Command } from 'commander';
import type { Env } from '../../config/env.js';
import type { AuditEntry } from '../../domain/audit.js';
import { withAdmin } from '../admin-call.js';
import { printJson } from '../format.js';

export function registerAudit(program: Command, env: () => Env): void {
  program
    .command('audit')
    .description('the audit log')
    .command('tail')
    .description('show the newest audit entries')
    .option('-n, --lines <n>', 'how many', '30')
    .option('--json', 'print JSON')
    .action(async (opts: { lines: string; json?: boolean }) => {
      const entries = await withAdmin(env(), (call) => call<AuditEntry[]>('GET', `/api/audit?n=${Number(opts.lines)}`));
      if (opts.json === true) return printJson(entries);
      for (const e of entries) {
        process.stdout.write(`${new Date(e.at).toISOString()}  ${e.actor.padEnd(24)} ${e.action.padEnd(22)} ${e.target ?? ''}${e.where === undefined ? '' : ` @${e.where}`}${e.detail === undefined ? '' : ` ${JSON.stringify(e.detail)}`}\n`);
      }
    });
}
