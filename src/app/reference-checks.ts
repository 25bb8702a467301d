import fs from 'node:fs';
import path from 'node:path';
import type { Playbook } from '../campaigns/playbook.js';
import type { ConfigProblem } from '../config/config-error.js';
import { didYouMean } from '../config/did-you-mean.js';
import { originOf, type LoadedConfig } from '../config/load-config.js';
import { CronRegistry } from '../scheduling/cron-registry.js';

/**
 * Checks of what one part of the configuration names in another, each of which would otherwise
 * stop posts without an error: a playbook or schedule naming a channel that does not exist or is
 * off (the whole campaign or occurrence fails to queue), a locale the city does not serve, a cron
 * that does not parse (reminders never go out). Each problem names file, path and field.
 */

/** What a channel name in a list can refer to, or why it cannot. */
function channelReference(name: string, loaded: LoadedConfig, allowAll: boolean): string | undefined {
  const { channels, channelGroups } = loaded.config;
  if (allowAll && name === 'all') return undefined;
  if (channelGroups[name] !== undefined) return undefined;
  const channel = channels[name];
  if (channel === undefined) {
    const known = [...Object.keys(channels), ...Object.keys(channelGroups), ...(allowAll ? ['all'] : [])];
    const guess = didYouMean(name, known);
    return `unknown channel or group "${name}"${guess === undefined ? ` (known: ${known.join(', ')})` : ` (did you mean "${guess}"?)`}`;
  }
  if (!channel.enabled) return `channel "${name}" is disabled (enabled: false): nothing here could be queued; remove it here or enable it`;
  return undefined;
}

function localeReference(locale: string, loaded: LoadedConfig): string | undefined {
  const served = loaded.config.city.locales;
  if (served.includes(locale)) return undefined;
  const guess = didYouMean(locale, served);
  return `locale "${locale}" is not one of city.locales (${served.join(', ')})${guess === undefined ? '' : `; did you mean "${guess}"?`}`;
}

/** Config schedules: cron expressions and the channels they post to. */
export function scheduleProblems(loaded: LoadedConfig, fallbackFile: string): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  loaded.config.schedules.forEach((schedule, i) => {
    const file = originOf(loaded.origins, ['schedules', i], fallbackFile);
    const cron = CronRegistry.check(schedule.cron);
    if (cron !== undefined) problems.push({ file, path: `schedules[${i}].cron`, message: `"${schedule.cron}" is not a valid cron expression: ${cron}` });
    if (!schedule.enabled) return;
    schedule.channels.forEach((channel, j) => {
      const problem = channelReference(channel, loaded, true);
      if (problem !== undefined) problems.push({ file, path: `schedules[${i}].channels[${j}]`, message: problem });
    });
    if (schedule.locale !== undefined) {
      const problem = localeReference(schedule.locale, loaded);
      if (problem !== undefined) problems.push({ file, path: `schedules[${i}].locale`, message: problem });
    }
  });
  return problems;
}

/** Channels' own locale lists. */
export function channelLocaleProblems(loaded: LoadedConfig, fallbackFile: string): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  for (const [name, channel] of Object.entries(loaded.config.channels)) {
    (channel.locales ?? []).forEach((locale, i) => {
      const problem = localeReference(locale, loaded);
      if (problem !== undefined) problems.push({ file: originOf(loaded.origins, ['channels', name, 'locales'], fallbackFile), path: `channels.${name}.locales[${i}]`, message: problem });
    });
  }
  return problems;
}

/** Playbooks: the channels and locales they post to, and their reminders' crons. */
export function playbookProblems(playbooks: ReadonlyMap<string, Playbook>, loaded: LoadedConfig): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const dir = path.relative(process.cwd(), path.join(loaded.configDir, 'playbooks')) || '.';
  for (const playbook of playbooks.values()) {
    const yml = path.join(loaded.configDir, 'playbooks', `${playbook.type}.yml`);
    const file = path.join(dir, `${playbook.type}.${fs.existsSync(yml) ? 'yml' : 'yaml'}`);
    playbook.channels.forEach((channel, i) => {
      const problem = channelReference(channel, loaded, true);
      if (problem !== undefined) problems.push({ file, path: `channels[${i}]`, message: problem });
    });
    (playbook.locales ?? []).forEach((locale, i) => {
      const problem = localeReference(locale, loaded);
      if (problem !== undefined) problems.push({ file, path: `locales[${i}]`, message: problem });
    });
    playbook.reminders.forEach((reminder, i) => {
      const cron = CronRegistry.check(reminder.cron);
      if (cron !== undefined) problems.push({ file, path: `reminders[${i}].cron`, message: `"${reminder.cron}" is not a valid cron expression: ${cron}` });
    });
  }
  return problems;
}
