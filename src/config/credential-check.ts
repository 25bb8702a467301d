import { CHANNEL_KINDS } from '../channels/registry.js';
import type { CivicastConfig } from './schema.js';

/**
 * Whether an env-name option applies: an adapter may need only some of its variables in a given
 * mode (one auth scheme of two, an identifier given inline); it says which through the registry.
 */
function relevant(kind: string, key: string, options: Record<string, unknown>): boolean {
  const needed = CHANNEL_KINDS[kind]?.credentialOptions?.(options);
  return needed === undefined || needed.includes(key);
}

/**
 * Names the credential variables (channel options ending in `Env`) that enabled channels need but
 * the environment lacks: a missing token is found by `civicast validate`, not at 3 a.m. on the
 * first post of a blizzard.
 */
export function missingCredentials(config: CivicastConfig, options: ReadonlyMap<string, unknown>, present: Readonly<Record<string, string>>): string[] {
  const missing: string[] = [];
  for (const [name, common] of Object.entries(config.channels)) {
    if (!common.enabled || common.dryRun) continue;
    const own = options.get(name);
    if (typeof own !== 'object' || own === null) continue;
    const record = own as Record<string, unknown>;
    for (const [key, value] of Object.entries(record)) {
      if (!key.endsWith('Env') || typeof value !== 'string' || !relevant(common.kind, key, record)) continue;
      if (present[value] === undefined) missing.push(`channel ${name}: environment variable ${value} is not set (option ${key})`);
    }
  }
  return missing;
}
