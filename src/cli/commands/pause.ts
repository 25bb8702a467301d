import type { Command } from 'commander';
import type { Env } from '../../config/env.js';
import { withAdmin } from '../admin-call.js';

export function registerPause(program: Command, env: () => Env): void {
  program
    .command('pause')
    .description('stop ALL outgoing posts at once (survives restarts) until `civicast resume`')
    .option('-r, --reason <text>', 'why, for the audit log')
    .action(async (opts: { reason?: string }) => {
      await withAdmin(env(), (call) => call('POST', '/api/pause', opts.reason === undefined ? {} : { reason: opts.reason }));
      process.stdout.write('posting is PAUSED on every channel\n');
    });
  program
    .command('resume')
    .description('resume outgoing posts after a pause')
    .action(async () => {
      await withAdmin(env(), (call) => call('POST', '/api/resume', {}));
      process.stdout.write('posting resumed\n');
    });
}
