import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkConfiguration } from '../../../src/app/check-configuration.js';
import { ConfigError, type ConfigProblem } from '../../../src/config/config-error.js';
import { createLogger } from '../../../src/logging/logger.js';
import { makeTestConfig, testEnv } from '../../support/test-config.js';

const logger = createLogger({ level: 'silent' });

/** What `civicast validate` (and `start`, before anything) says about a config. */
async function validate(yaml: string, secrets: Record<string, string> = {}): Promise<{ problems: ConfigProblem[]; warnings: string[]; file: string }> {
  const { configDir } = makeTestConfig({ 'zz-meta.yaml': yaml });
  const file = path.join(path.relative(process.cwd(), configDir), 'zz-meta.yaml');
  try {
    const { warnings } = await checkConfiguration({ env: testEnv(configDir, secrets), logger });
    return { problems: [], warnings, file };
  } catch (error) {
    if (error instanceof ConfigError) return { problems: error.problems, warnings: [], file };
    throw error;
  }
}

describe('civicast validate: Facebook, Instagram and Threads options', () => {
  it('accepts the documented options and names every credential variable that is missing', async () => {
    const yaml = [
      'channels:',
      '  facebook-311: { kind: facebook, pageId: "1000000001", appSecretEnv: META_APP_SECRET, webhookVerifyTokenEnv: FACEBOOK_VERIFY_TOKEN, commentWindowHours: 48 }',
      '  instagram-311: { kind: instagram, igUserId: "17841400000000001", cardBaseUrl: "https://civicast.example.gov", card: { background: "#0b3d91", text: "#ffffff", footer: City }, cardRetentionHours: 12 }',
      '  threads-311: { kind: threads, userId: "7000000001", tokenRefreshDays: 10, readMentions: false }',
      '',
    ].join('\n');
    const { problems, warnings } = await validate(yaml, { FACEBOOK_PAGE_TOKEN: 'fb', THREADS_TOKEN: 'th' });
    expect(problems).toEqual([]);
    expect(warnings).toEqual(
      expect.arrayContaining([
        'channel facebook-311: environment variable META_APP_SECRET is not set (option appSecretEnv)',
        'channel facebook-311: environment variable FACEBOOK_VERIFY_TOKEN is not set (option webhookVerifyTokenEnv)',
        'channel instagram-311: environment variable INSTAGRAM_TOKEN is not set (option tokenEnv)',
      ]),
    );
    expect(warnings.filter((w) => w.includes('FACEBOOK_PAGE_TOKEN') || w.includes('THREADS_TOKEN'))).toEqual([]);
  });

  it('refuses bad options with file, path and field: ids, webhooks without the app secret, unreadable cards, typos', async () => {
    const yaml = [
      'channels:',
      '  facebook-311: { kind: facebook, pageId: "city-page", webhookVerifyTokenEnv: FACEBOOK_VERIFY_TOKEN }',
      '  instagram-311: { kind: instagram, igUserId: "17841400000000001", cardBaseUrl: "ftp://example.gov", card: { background: "#777777", text: "#888888", logo: config/no-such-logo.png } }',
      '  threads-311: { kind: threads, userId: "7000000001", tokenRefreshDayz: 3 }',
      '',
    ].join('\n');
    const { problems, file } = await validate(yaml);
    const byPath = Object.fromEntries(problems.map((p) => [p.path, p]));
    expect(byPath['channels.facebook-311.pageId']).toMatchObject({ file, message: expect.stringMatching(/numeric Page id/) });
    expect(byPath['channels.facebook-311.appSecretEnv']).toMatchObject({ message: expect.stringMatching(/webhooks are signed with the app secret/) });
    expect(byPath['channels.instagram-311.cardBaseUrl']).toBeDefined();
    expect(byPath['channels.instagram-311.card.text']).toMatchObject({ message: expect.stringMatching(/contrast .* at least 4\.5:1/) });
    expect(byPath['channels.instagram-311.card.logo']).toMatchObject({ message: 'no such file' });
    expect(byPath['channels.threads-311.tokenRefreshDayz']).toMatchObject({ message: expect.stringMatching(/did you mean "tokenRefreshDays"/) });
  });

  it('image cards on X, Mastodon and Bluesky are checked the same way', async () => {
    const yaml = [
      'channels:',
      '  x-311: { kind: x, card: { background: "#ffffff", text: "#eeeeee" } }',
      '  masto: { kind: mastodon, instance: "https://mastodon.example.gov", card: { footerr: City } }',
      '  sky: { kind: bluesky, identifier: phl311.bsky.social, card: { width: 100 } }',
      '',
    ].join('\n');
    const paths = (await validate(yaml)).problems.map((p) => p.path);
    expect(paths).toEqual(expect.arrayContaining(['channels.x-311.card.text', 'channels.masto.card.footerr', 'channels.sky.card.width']));
  });
});
