import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeMastodon, type FakeMastodon } from '../../fakes/mastodon/fake-mastodon-server.js';
import { makeChannel } from './mastodon-harness.js';

describe('mastodon: lookup after a storm of answers', () => {
  let fake: FakeMastodon;
  beforeAll(async () => {
    fake = await startFakeMastodon({ token: 'tok-window' });
  });
  afterAll(async () => {
    await fake.close();
  });

  it('answers "not found" past its search budget within the Idempotency-Key hour, and the resend is deduplicated', async () => {
    const { channel } = makeChannel(fake);
    await channel.start(async () => {});
    const since = Date.now() - 1000;
    const first = await channel.publish({ key: 'lost-answer', text: 'The answer whose response was lost.' });
    // 450 more statuses bury it beyond the 400 the lookup reads.
    for (let i = 0; i < 450; i++) await channel.publish({ key: `later-${i}`, text: `Another answer ${i}` });
    expect(await channel.lookup({ key: 'lost-answer', text: 'The answer whose response was lost.', since })).toEqual({ found: false });
    const again = await channel.publish({ key: 'lost-answer', text: 'The answer whose response was lost.' });
    expect(again.id).toBe(first.id);
    expect(fake.posted().filter((s) => s.text === 'The answer whose response was lost.')).toHaveLength(1);
    await channel.close();
  }, 60_000);
});
