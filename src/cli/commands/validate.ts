import path from 'node:path';
import type { Command } from 'commander';
import { checkConfiguration } from '../../app/check-configuration.js';
import { contentDirs, PACKAGE_ROOT } from '../../app/load-modules.js';
import type { Env } from '../../config/env.js';
import { loadConfig } from '../../config/load-config.js';
import { loadKnowledgeBase, type KnowledgeBase } from '../../faq/knowledge-base.js';
import { languageReport, type LanguageRow } from '../../languages/language-report.js';
import { loadLanguageContent } from '../../languages/load-language-content.js';
import { createLogger } from '../../logging/logger.js';
import { table } from '../format.js';

/**
 * What each language has, read before the full check so that a gap in one language does not hide
 * the others. Undefined when the config itself does not load: the full check names why.
 */
function languageRows(env: Env): LanguageRow[] | undefined {
  try {
    const loaded = loadConfig(env.configDir);
    const content = loadLanguageContent({ configDir: env.configDir, config: loaded.config, ...contentDirs({}), warnings: [] });
    let kb: KnowledgeBase | undefined;
    try {
      kb = loadKnowledgeBase(path.join(PACKAGE_ROOT, 'faq'), content.engine);
    } catch {
      kb = undefined; // the full check below names the problem
    }
    return languageReport(content, kb);
  } catch {
    return undefined;
  }
}

/** `civicast validate`: everything `start` checks before it posts, without starting, and a table of every language. */
export function registerValidate(program: Command, env: () => Env): void {
  program
    .command('validate')
    .description('check the environment, config/*.yaml (strict keys), channel options, playbooks, schedules and crons, templates, every language (a table of what each has) and the FAQ without starting')
    .action(async () => {
      const e = env();
      const rows = languageRows(e);
      if (rows !== undefined) {
        process.stdout.write(`Languages (posts, titles, labels, facts, interpreter: present/needed; complete: all of these and the dates; answers: FAQ topics answered, the FAQ translation pass):\n${table(rows.map((r) => ({ ...r, complete: r.complete ? 'yes' : 'NO' })))}\n\n`);
      }
      const { loaded, modules, warnings } = await checkConfiguration({ env: e, logger: createLogger({ level: 'silent' }) });
      for (const warning of new Set(warnings)) process.stdout.write(`warning: ${warning}\n`);
      const channels = Object.keys(loaded.config.channels).length;
      const all = rows ?? [];
      const served = all.filter((r) => r.role !== 'pointer');
      const unreviewed = all.reduce((n, r) => n + r.drafts + r.stale, 0);
      const answered = served.filter((r) => /^(\d+)\/\1$/.test(r.answers)).length;
      process.stdout.write(
        `ok: ${channels} channels, ${modules.emergencyTypes().length} playbooks, ${modules.faq.topics().length} FAQ topics, ${loaded.config.schedules.length} schedules; ` +
          `${served.filter((r) => r.complete).length}/${served.length} served languages complete (posts, pages, feeds, CAP), ${answered}/${served.length} with every FAQ answer, ${all.length - served.length} more with an interpreter reply; ` +
          `${unreviewed} translated texts not yet reviewed (${loaded.config.city.translations.sendUnreviewed ? 'sent as they are' : 'held back'})\n`,
      );
    });
}
