import path from 'node:path';
import type { Logger } from 'pino';
import { loadPlaybooks } from '../campaigns/playbook.js';
import { validateChannelOptions } from '../config/channel-options.js';
import { ConfigError, type ConfigProblem } from '../config/config-error.js';
import { missingCredentials } from '../config/credential-check.js';
import type { Env } from '../config/env.js';
import { loadConfig, type LoadedConfig } from '../config/load-config.js';
import { repeatedTextWarnings } from '../scheduling/occurrence-text.js';
import { postCueProblems } from '../faq/post-cue-problems.js';
import { contentDirs, loadModules, type Modules } from './load-modules.js';
import { channelLocaleProblems, playbookProblems, scheduleProblems } from './reference-checks.js';

export interface CheckedConfiguration {
  loaded: LoadedConfig;
  channelOptions: Map<string, unknown>;
  modules: Modules;
  /** Findings that do not stop posts (a missing credential of a channel that then fails on its own, a fallback template). */
  warnings: string[];
}

/**
 * Everything `civicast validate` checks and `civicast start` refuses to start without, in one
 * place so both say the same: the environment (already read), every config file with strict keys,
 * channel options, references between files (playbook and schedule channels and locales, every
 * cron), then playbooks, templates, the FAQ and every served language's post cues. Throws one ConfigError listing every problem.
 */
export async function checkConfiguration(input: { env: Env; logger: Logger; faqDir?: string }): Promise<CheckedConfiguration> {
  const { env } = input;
  const loaded = loadConfig(env.configDir);
  const fallback = path.join(path.relative(process.cwd(), env.configDir) || '.', '*.yaml');
  const problems: ConfigProblem[] = [];
  let channelOptions = new Map<string, unknown>();
  try {
    channelOptions = validateChannelOptions(loaded);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    problems.push(...error.problems);
  }
  problems.push(...scheduleProblems(loaded, fallback), ...channelLocaleProblems(loaded, fallback));
  try {
    problems.push(...playbookProblems(loadPlaybooks(path.join(env.configDir, 'playbooks')), loaded));
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    problems.push(...error.problems);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  const warnings = [...loaded.warnings, ...missingCredentials(loaded.config, channelOptions, env.secrets), ...repeatedTextWarnings(loaded.config)];
  // Reported with the other per-language gaps, not before them: one run shows a language's whole picture.
  const cueProblems = postCueProblems({ faqDir: contentDirs(input).faqDir, served: loaded.config.city.languages.served });
  let modules: Modules;
  try {
    modules = await loadModules({ configDir: env.configDir, config: loaded.config, logger: input.logger, warnings, ...(input.faqDir === undefined ? {} : { faqDir: input.faqDir }) });
  } catch (error) {
    if (!(error instanceof ConfigError) || cueProblems.length === 0) throw error;
    const named = new Set(cueProblems.map((p) => p.file));
    throw new ConfigError([...error.problems.filter((p) => !named.has(p.file)), ...cueProblems]);
  }
  if (cueProblems.length > 0) throw new ConfigError(cueProblems);
  return { loaded, channelOptions, modules, warnings };
}
