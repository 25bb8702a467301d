import type { Command } from 'commander';
import { checkConfiguration } from '../../app/check-configuration.js';
import type { Env } from '../../config/env.js';
import { createLogger } from '../../logging/logger.js';

/** `civicast validate`: everything `start` checks before it posts, without starting. */
export function registerValidate(program: Command, env: () => Env): void {
  program
    .command('validate')
    .description('check the environment, config/*.yaml (strict keys), channel options, playbooks, schedules and crons, templates and the FAQ without starting')
    .action(async () => {
      const { loaded, modules, warnings } = await checkConfiguration({ env: env(), logger: createLogger({ level: 'silent' }) });
      for (const warning of warnings) process.stdout.write(`warning: ${warning}\n`);
      const channels = Object.keys(loaded.config.channels).length;
      process.stdout.write(`ok: ${channels} channels, ${modules.emergencyTypes().length} playbooks, ${modules.faq.topics().length} FAQ topics, ${loaded.config.schedules.length} schedules\n`);
    });
}
