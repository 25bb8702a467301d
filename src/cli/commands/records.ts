import fs from 'node:fs';
import type { Command } from 'commander';
import type { Env } from '../../config/env.js';
import { AppError } from '../../domain/errors.js';
import { withAdmin } from '../admin-call.js';

/** A `--from`/`--to` value: an ISO date or time; a bare date means midnight UTC. */
function isoOf(value: string, option: string): string {
  const ms = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
  if (!Number.isFinite(ms)) throw new AppError('INVALID_INPUT', `${option}: "${value}" is not a date (write 2026-11-01 or 2026-11-01T08:00:00-05:00)`);
  return new Date(ms).toISOString();
}

/** `civicast records export`: messages, decisions, replies and staff actions for a public-records request. */
export function registerRecords(program: Command, env: () => Env): void {
  const records = program.command('records').description('public-records exports (kept for replies.recordRetentionDays; manager or admin)');
  records
    .command('export')
    .description('export resident messages with the bot’s decisions, replies and staff actions of a period (audited)')
    .requiredOption('--from <date>', 'start (ISO date or time, included)')
    .requiredOption('--to <date>', 'end (ISO date or time, excluded)')
    .option('--channel <name>', 'only this channel')
    .option('--topic <id>', 'only messages and replies of this FAQ topic')
    .option('--format <format>', 'csv | jsonl', 'csv')
    .option('-o, --out <file>', 'write to this file instead of standard output')
    .action(async (opts: { from: string; to: string; channel?: string; topic?: string; format: string; out?: string }) => {
      if (opts.format !== 'csv' && opts.format !== 'jsonl') throw new AppError('INVALID_INPUT', `--format: "${opts.format}" is not csv or jsonl`);
      const query = new URLSearchParams({ from: isoOf(opts.from, '--from'), to: isoOf(opts.to, '--to'), format: opts.format, ...(opts.channel === undefined ? {} : { channel: opts.channel }), ...(opts.topic === undefined ? {} : { topic: opts.topic }) });
      const result = await withAdmin(env(), (call) => call<{ rows: number; body: string }>('GET', `/api/records?${query.toString()}`));
      if (opts.out === undefined) process.stdout.write(result.body);
      else {
        fs.writeFileSync(opts.out, result.body);
        process.stderr.write(`${result.rows} record(s) written to ${opts.out}\n`);
      }
    });
}
