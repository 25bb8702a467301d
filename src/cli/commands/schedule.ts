import type { Command } from 'commander';
import type { Env } from '../../config/env.js';
import { withAdmin } from '../admin-call.js';
import { printJson, table } from '../format.js';

const collect = (value: string, previous: string[] = []) => [...previous, ...value.split(',').map((v) => v.trim()).filter(Boolean)];

export function registerSchedule(program: Command, env: () => Env): void {
  const schedule = program.command('schedule').description('recurring posts (cron + time zone)');
  schedule
    .command('add')
    .description('add a recurring post')
    .requiredOption('--id <id>', 'schedule id (lowercase, digits, - or _)')
    .requiredOption('--cron <expr>', 'cron expression, e.g. "0 7 * * 1-5"')
    .requiredOption('-c, --channel <name>', 'channel or group (repeatable)', collect)
    .requiredOption('-t, --text <text>', 'text of every occurrence ({date}, {time}, {weekday} are filled in; X refuses repeated text)')
    .option('--tz <zone>', 'IANA time zone (default: the city’s)')
    .action(async (opts: { id: string; cron: string; channel: string[]; text: string; tz?: string }) => {
      const created = await withAdmin(env(), (call) =>
        call('POST', '/api/schedules', { id: opts.id, cron: opts.cron, channels: opts.channel, text: opts.text, ...(opts.tz === undefined ? {} : { timeZone: opts.tz }) }),
      );
      printJson(created);
    });
  schedule
    .command('list')
    .description('list schedules with their next run')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const list = await withAdmin(env(), (call) => call<Record<string, unknown>[]>('GET', '/api/schedules'));
      if (opts.json === true) printJson(list);
      else process.stdout.write(table(list, ['id', 'cron', 'timeZone', 'channels', 'nextRun', 'origin', 'awaitingApproval', 'text']) + '\n');
    });
  schedule
    .command('approve <id>')
    .description('start a repeating post that waits for a second person (written in the console)')
    .action(async (id: string) => {
      await withAdmin(env(), (call) => call('POST', `/api/schedules/${encodeURIComponent(id)}/approve`, {}));
      process.stdout.write(`approved ${id}\n`);
    });
  schedule
    .command('cancel <id>')
    .description('remove a schedule')
    .action(async (id: string) => {
      await withAdmin(env(), (call) => call('DELETE', `/api/schedules/${encodeURIComponent(id)}`));
      process.stdout.write(`cancelled ${id}\n`);
    });
}
