import { afterEach, describe, expect, it } from 'vitest';
import { startFakeMastodon, type FakeMastodon } from '../../fakes/mastodon/fake-mastodon-server.js';
import { makeChannel } from './mastodon-harness.js';

describe('mastodon: the instance’s own length limit', () => {
  let fake: FakeMastodon;
  afterEach(async () => {
    await fake.close();
  });

  it('reads max_characters from the instance at start and fits posts to it', async () => {
    fake = await startFakeMastodon({ token: 'tok-limits', maxChars: 1000 });
    const { channel } = makeChannel(fake);
    expect(channel.limits.maxLength).toBe(500);
    await channel.start(async () => {});
    expect(channel.limits.maxLength).toBe(1000);
    const long = `${'Plows are out on every Snow Emergency Route. '.repeat(20)}`.trim();
    expect(long.length).toBeGreaterThan(500);
    await channel.publish({ key: 'k-long', text: long });
    expect(fake.statuses.at(-1)?.text).toBe(long);
    await channel.close();
  });

  it('keeps an explicitly configured limit', async () => {
    fake = await startFakeMastodon({ token: 'tok-limits', maxChars: 1000 });
    const { channel } = makeChannel(fake, { maxLength: 400 });
    await channel.start(async () => {});
    expect(channel.limits.maxLength).toBe(400);
    await channel.close();
  });
});
