import type { CivicastConfig } from './schema.js';

/** Env-name options that only apply in some modes of an adapter (X's two auth schemes, Bluesky's identifier option). */
function relevant(key: string, options: Record<string, unknown>): boolean {
  const oauth2 = options['auth'] === 'oauth2';
  if (['appKeyEnv', 'appSecretEnv', 'accessTokenEnv', 'accessSecretEnv'].includes(key)) return !oauth2;
  if (['clientIdEnv', 'clientSecretEnv', 'refreshTokenEnv'].includes(key)) return oauth2;
  if (key === 'identifierEnv') return options['identifier'] === undefined;
  return true;
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
      if (!key.endsWith('Env') || typeof value !== 'string' || !relevant(key, record)) continue;
      if (present[value] === undefined) missing.push(`channel ${name}: environment variable ${value} is not set (option ${key})`);
    }
  }
  return missing;
}
