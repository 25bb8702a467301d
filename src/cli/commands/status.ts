import type { Command } from 'commander';
import type { Env } from '../../config/env.js';
import type { ServiceStatus } from '../../status/service-status.js';
import { withAdmin } from '../admin-call.js';
import { printJson, table } from '../format.js';

export function registerStatus(program: Command, env: () => Env): void {
  program
    .command('status')
    .description('store, channels, outbox depth, next due posts, emergencies and feeds')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const status = await withAdmin(env(), (call) => call<ServiceStatus>('GET', '/api/status'));
      if (opts.json === true) return printJson(status);
      const out = process.stdout;
      out.write(`instance  ${status.instanceId}\nstore     ${status.store.kind} ${status.store.location} (${status.store.reachable ? 'reachable' : 'UNREACHABLE'})\n`);
      out.write(`posting   ${status.paused === null ? 'on' : `PAUSED by ${status.paused.by}${status.paused.reason === undefined ? '' : `: ${status.paused.reason}`}`}\n\n`);
      out.write(`channels\n${table(status.channels, ['name', 'kind', 'state', 'reason', 'dryRun'])}\n\n`);
      const c = status.outbox.counts;
      out.write(`outbox    pending ${c.pending}, in flight ${c.claimed + c.attempting}, sent ${c.sent}, failed ${c.failed}, dropped ${c.dropped}, cancelled ${c.cancelled}\n`);
      out.write(`next due\n${table(status.outbox.nextDue, ['dueAt', 'priority', 'channel', 'id'])}\n\n`);
      out.write(`emergencies\n${table(status.emergencies, ['id', 'type', 'status', 'title', 'effectiveAt'])}\n\n`);
      out.write(`feeds\n${table(status.feeds, ['id', 'state', 'lastSuccessAt', 'lastError'])}\n`);
    });
}
