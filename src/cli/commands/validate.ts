import type { Command } from 'commander';
import { validateChannelOptions } from '../../config/channel-options.js';
import { missingCredentials } from '../../config/credential-check.js';
import { repeatedTextWarnings } from '../../scheduling/occurrence-text.js';
import type { Env } from '../../config/env.js';
import { loadConfig } from '../../config/load-config.js';
import { createLogger } from '../../logging/logger.js';
import { loadModules } from '../../app/load-modules.js';

/** `civicast validate`: config, channel options, playbooks, templates and the FAQ, without starting. */
export function registerValidate(program: Command, env: () => Env): void {
  program
    .command('validate')
    .description('check config/*.yaml, playbooks, templates and the FAQ knowledge base without starting')
    .action(async () => {
      const e = env();
      const loaded = loadConfig(e.configDir);
      const options = validateChannelOptions(loaded);
      const warnings: string[] = [...missingCredentials(loaded.config, options, e.secrets), ...repeatedTextWarnings(loaded.config)];
      const modules = await loadModules({ configDir: e.configDir, config: loaded.config, logger: createLogger({ level: 'silent' }), warnings });
      for (const warning of warnings) process.stdout.write(`warning: ${warning}\n`);
      const channels = Object.keys(loaded.config.channels).length;
      process.stdout.write(`ok: ${channels} channels, ${modules.emergencyTypes().length} playbooks, ${modules.faq.topics().length} FAQ topics, ${loaded.config.schedules.length} schedules\n`);
    });
}
