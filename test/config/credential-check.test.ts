import { describe, expect, it } from 'vitest';
import { validateChannelOptions } from '../../src/config/channel-options.js';
import { missingCredentials } from '../../src/config/credential-check.js';
import { loadConfig } from '../../src/config/load-config.js';
import { makeTestConfig } from '../support/test-config.js';

const platforms = `channels:
  x-311: { kind: x }
  x-streets: { kind: x, auth: oauth2, clientIdEnv: X_STREETS_CLIENT_ID, clientSecretEnv: X_STREETS_CLIENT_SECRET, refreshTokenEnv: X_STREETS_REFRESH_TOKEN }
  masto: { kind: mastodon, instance: "https://mastodon.example.gov" }
  sky: { kind: bluesky, identifier: phl311.bsky.social }
  rehearsal: { kind: mastodon, instance: "https://mastodon.example.gov", tokenEnv: OTHER_TOKEN, dryRun: true }
`;

describe('credential check', () => {
  it('names each missing variable for the auth mode in use, and skips dry-run channels', () => {
    const { configDir } = makeTestConfig({ 'zz-platforms.yaml': platforms });
    const loaded = loadConfig(configDir);
    const options = validateChannelOptions(loaded);
    const missing = missingCredentials(loaded.config, options, { X_APP_KEY: 'k', X_APP_SECRET: 's', MASTODON_TOKEN: 't' });
    expect(missing).toEqual([
      'channel x-311: environment variable X_ACCESS_TOKEN is not set (option accessTokenEnv)',
      'channel x-311: environment variable X_ACCESS_SECRET is not set (option accessSecretEnv)',
      'channel x-streets: environment variable X_STREETS_CLIENT_ID is not set (option clientIdEnv)',
      'channel x-streets: environment variable X_STREETS_CLIENT_SECRET is not set (option clientSecretEnv)',
      'channel x-streets: environment variable X_STREETS_REFRESH_TOKEN is not set (option refreshTokenEnv)',
      'channel sky: environment variable BLUESKY_APP_PASSWORD is not set (option passwordEnv)',
    ]);
  });
});
