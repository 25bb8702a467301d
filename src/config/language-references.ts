import type { ConfigProblem } from './config-error.js';
import { originOf, type MergedYaml } from './load-config.js';
import type { CivicastConfig } from './schema.js';

type Plain = Record<string, unknown>;
const isPlain = (value: unknown): value is Plain => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * `city.locales` was the list of languages the city posts in; `city.languages.served` is now the
 * one list every public output follows. An old config that sets only `locales` keeps working
 * (its list becomes the served one) with a warning; one that sets both must agree.
 */
export function migrateCityLocales(merged: MergedYaml, fallback: string, warnings: string[]): ConfigProblem[] {
  const city = merged.value['city'];
  if (!isPlain(city) || city['locales'] === undefined) return [];
  const file = originOf(merged.origins, ['city', 'locales'], fallback);
  const languages = city['languages'];
  const served = isPlain(languages) ? languages['served'] : undefined;
  if (served === undefined) {
    city['languages'] = { ...(isPlain(languages) ? languages : {}), served: city['locales'] };
    warnings.push(`${file}: city.locales is deprecated: rename it to city.languages.served (it is read as that list now)`);
    return [];
  }
  if (JSON.stringify(served) !== JSON.stringify(city['locales'])) {
    return [{ file, path: 'city.locales', message: `deprecated, and it disagrees with city.languages.served (${JSON.stringify(served)}): remove it` }];
  }
  warnings.push(`${file}: city.locales is deprecated and repeats city.languages.served: remove it`);
  return [];
}

/** Every language a channel or a schedule names must be one the city serves. */
export function languageReferenceProblems(config: CivicastConfig, origins: Map<string, string>, fallback: string): ConfigProblem[] {
  const served = config.city.languages.served;
  const problems: ConfigProblem[] = [];
  for (const [name, channel] of Object.entries(config.channels)) {
    channel.locales?.forEach((code, i) => {
      if (!served.includes(code)) {
        problems.push({ file: originOf(origins, ['channels', name, 'locales'], fallback), path: `channels.${name}.locales[${i}]`, message: `"${code}" is not a served language (city.languages.served: ${served.join(', ')})` });
      }
    });
  }
  config.schedules.forEach((schedule, i) => {
    if (schedule.locale !== undefined && !served.includes(schedule.locale)) {
      problems.push({ file: originOf(origins, ['schedules', i], fallback), path: `schedules[${i}].locale`, message: `"${schedule.locale}" is not a served language (city.languages.served: ${served.join(', ')})` });
    }
  });
  return problems;
}
