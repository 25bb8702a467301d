import type { Command } from 'commander';
import { IN_MEMORY_STATE, type Env } from '../../config/env.js';
import { createLogger } from '../../logging/logger.js';
import { startService } from '../../main.js';
import { printJson } from '../format.js';

/** `civicast preview <type>`: every post of a playbook as it would go out, with its counted length. */
export function registerPreview(program: Command, env: () => Env): void {
  program
    .command('preview <type>')
    .description('print every post of a playbook per channel and locale, with counted length')
    .option('-l, --locale <locale>', 'only this locale')
    .option('-c, --channel <name>', 'only this channel')
    .option('--json', 'print JSON')
    .action(async (type: string, opts: { locale?: string; channel?: string; json?: boolean }) => {
      const e = env();
      // Tool mode on a throwaway embedded store: previews never touch real state.
      const running = await startService({ env: { ...e, redisUrl: undefined, stateDir: IN_MEMORY_STATE }, logger: createLogger({ level: 'silent' }), mode: 'tool' });
      try {
        const rows = running.services.previewCampaign(type, { ...(opts.locale === undefined ? {} : { locale: opts.locale }), ...(opts.channel === undefined ? {} : { channel: opts.channel }) });
        if (opts.json === true) return printJson(rows);
        for (const row of rows) {
          process.stdout.write(`\n── ${row.phase} · ${row.topic} · ${row.locale} · ${row.channel} · ${row.length}/${row.limit}${row.parts.length > 1 ? ` · thread of ${row.parts.length}` : ''}\n`);
          for (const part of row.parts) process.stdout.write(`${part}\n`);
        }
        process.stdout.write(`\n${rows.length} post(s)\n`);
      } finally {
        await running.close();
      }
    });
}
