import type { Command } from 'commander';
import path from 'node:path';
import { validateChannelOptions } from '../../config/channel-options.js';
import { ConfigError } from '../../config/config-error.js';
import { missingCredentials } from '../../config/credential-check.js';
import { repeatedTextWarnings } from '../../scheduling/occurrence-text.js';
import type { Env } from '../../config/env.js';
import { loadConfig } from '../../config/load-config.js';
import { loadKnowledgeBase, type KnowledgeBase } from '../../faq/knowledge-base.js';
import { languageReport } from '../../languages/language-report.js';
import { loadLanguageContent } from '../../languages/load-language-content.js';
import { createLogger } from '../../logging/logger.js';
import { contentDirs, loadModules, PACKAGE_ROOT } from '../../app/load-modules.js';
import { table } from '../format.js';

/** `civicast validate`: config, channel options, playbooks, templates, every language and the FAQ, without starting. */
export function registerValidate(program: Command, env: () => Env): void {
  program
    .command('validate')
    .description('check config/*.yaml, playbooks, templates, every language (a table of what each has) and the FAQ knowledge base without starting')
    .action(async () => {
      const e = env();
      const loaded = loadConfig(e.configDir);
      const options = validateChannelOptions(loaded);
      const warnings: string[] = [...loaded.warnings, ...missingCredentials(loaded.config, options, e.secrets), ...repeatedTextWarnings(loaded.config)];
      // The whole per-language picture first: a gap in one language must not hide the others.
      const content = loadLanguageContent({ configDir: e.configDir, config: loaded.config, ...contentDirs({}), warnings });
      let kb: KnowledgeBase | undefined;
      try {
        kb = loadKnowledgeBase(path.join(PACKAGE_ROOT, 'faq'), content.engine);
      } catch {
        kb = undefined; // the full load below names the problem
      }
      const rows = languageReport(content, kb);
      process.stdout.write(`Languages (posts, titles, labels, facts, interpreter: present/needed; complete: all of these and the dates; answers: FAQ topics answered, the FAQ translation pass):\n${table(rows.map((r) => ({ ...r, complete: r.complete ? 'yes' : 'NO' })))}\n\n`);
      if (content.problems.length > 0) throw new ConfigError(content.problems);
      const modules = await loadModules({ configDir: e.configDir, config: loaded.config, logger: createLogger({ level: 'silent' }), warnings });
      for (const warning of new Set(warnings)) process.stdout.write(`warning: ${warning}\n`);
      const channels = Object.keys(loaded.config.channels).length;
      const served = rows.filter((r) => r.role !== 'pointer');
      const unreviewed = rows.reduce((n, r) => n + r.drafts + r.stale, 0);
      const answered = served.filter((r) => /^(\d+)\/\1$/.test(r.answers)).length;
      process.stdout.write(
        `ok: ${channels} channels, ${modules.emergencyTypes().length} playbooks, ${modules.faq.topics().length} FAQ topics, ${loaded.config.schedules.length} schedules; ` +
          `${served.filter((r) => r.complete).length}/${served.length} served languages complete (posts, pages, feeds, CAP), ${answered}/${served.length} with every FAQ answer, ${rows.length - served.length} more with an interpreter reply; ` +
          `${unreviewed} translated texts not yet reviewed (${loaded.config.city.translations.sendUnreviewed ? 'sent as they are' : 'held back'})\n`,
      );
    });
}
