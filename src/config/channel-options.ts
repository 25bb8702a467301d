import { CHANNEL_KINDS, channelKindNames } from '../channels/registry.js';
import { ConfigError, type ConfigProblem } from './config-error.js';
import { unknownKeyMessage } from './did-you-mean.js';
import { originOf, problemsFromZod, type LoadedConfig } from './load-config.js';
import { knownKeysAt } from './schema-keys.js';

const COMMON_FIELDS = new Set(['kind', 'enabled', 'dryRun', 'drill', 'locales', 'languageMode', 'replies', 'rateLimit', 'budget', 'dangerReserveShare', 'automatedReplyMarker']);

/**
 * Validates each channel's adapter-specific options with that adapter's schema. Returns the
 * parsed options by channel name; throws ConfigError naming file, path and field. Every key must
 * be a common field or one of the adapter's options: a typo such as `tokenEnvv` would otherwise
 * be ignored and the default (another account's token) used.
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
    const adapterKeys = knownKeysAt(kind.schema, []);
    const known = [...COMMON_FIELDS, ...adapterKeys];
    // A schema whose keys cannot be read (not an object) keeps its own rules.
    const unknown = adapterKeys.length === 0 ? [] : Object.keys(own).filter((key) => !known.includes(key));
    for (const key of unknown) {
      problems.push({ file: originOf(loaded.origins, ['channels', name, key], file), path: `channels.${name}.${key}`, message: unknownKeyMessage(key, known, `${channel.kind} option`) });
    }
    const result = kind.schema.safeParse(own);
    if (result.success && unknown.length === 0) parsed.set(name, result.data);
    else if (!result.success) problems.push(...problemsFromZod(result.error, loaded.origins, file, ['channels', name], kind.schema));
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return parsed;
}
