import { CHANNEL_KINDS, channelKindNames } from '../channels/registry.js';
import { ConfigError, type ConfigProblem } from './config-error.js';
import { problemsFromZod, type LoadedConfig } from './load-config.js';

const COMMON_FIELDS = new Set(['kind', 'enabled', 'dryRun', 'drill', 'locales', 'replies', 'rateLimit', 'budget']);

/**
 * Validates each channel's adapter-specific options with that adapter's schema. Returns the
 * parsed options by channel name; throws ConfigError naming file, path and field.
 */
export function validateChannelOptions(loaded: LoadedConfig): Map<string, unknown> {
  const problems: ConfigProblem[] = [];
  const parsed = new Map<string, unknown>();
  for (const [name, channel] of Object.entries(loaded.config.channels)) {
    const kind = CHANNEL_KINDS[channel.kind];
    const file = loaded.origins.get(`channels.${name}`) ?? 'config/channels.yaml';
    if (kind === undefined) {
      problems.push({ file, path: `channels.${name}.kind`, message: `channel kind "${channel.kind}" is not available in this build (known: ${channelKindNames().join(', ')})` });
      continue;
    }
    const own = Object.fromEntries(Object.entries(channel).filter(([key]) => !COMMON_FIELDS.has(key)));
    const result = kind.schema.safeParse(own);
    if (result.success) parsed.set(name, result.data);
    else problems.push(...problemsFromZod(result.error, loaded.origins, file, ['channels', name]));
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return parsed;
}
