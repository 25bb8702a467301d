import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeMastodon, type FakeMastodon } from '../../fakes/mastodon/fake-mastodon-server.js';
import { pngSize } from '../card-png.js';
import { makeChannel } from './mastodon-harness.js';

describe('mastodon: image cards (option)', () => {
  let fake: FakeMastodon;
  beforeAll(async () => {
    fake = await startFakeMastodon({ token: 'tok-card' });
  });
  afterAll(async () => {
    await fake.close();
  });

  it('a campaign post carries the card (POST /api/v2/media) with its words as the description', async () => {
    const { channel } = makeChannel(fake, { card: { footer: 'City of Philadelphia' } });
    await channel.start(async () => {});
    const text = 'Emergencia por nieve desde las 6 PM: retire su auto de las rutas de emergencia.';
    const ref = await channel.publish({ key: 'card-1', text, locale: 'es' });
    const status = fake.posted().find((s) => s.id === ref.id);
    expect(status?.media).toHaveLength(1);
    const media = status?.media?.[0];
    expect(media).toMatchObject({ type: 'image', contentType: 'image/png', description: text, statusId: ref.id });
    expect(pngSize(media?.bytes ?? Buffer.alloc(0))).toEqual({ width: 1080, height: 1350 });
    await channel.close();
  });

  it('alt text is cut at a sentence to Mastodon’s 1,500 characters; answers stay text', async () => {
    // An instance that allows long posts (glitch-soc, Hometown).
    const roomy = await startFakeMastodon({ token: 'tok-card', maxChars: 5000 });
    const { channel } = makeChannel(roomy, { card: {} });
    await channel.start(async () => {});
    const long = Array.from({ length: 40 }, (_, i) => `Sentence ${i + 1} about the snow emergency and where to park tonight.`).join(' ');
    const ref = await channel.publish({ key: 'card-2', text: long });
    const description = roomy.posted().find((s) => s.id === ref.id)?.media?.[0]?.description ?? '';
    expect([...description].length).toBeLessThanOrEqual(1500);
    expect(description).toMatch(/\.…$/);
    const question = roomy.mention({ from: 'resident@example.org', text: 'Where do I park?' });
    const answer = await channel.publish({ key: 'card-3', text: 'In city garages.', replyTo: { messageId: question.id, authorHandle: 'resident@example.org' } });
    expect(roomy.posted().find((s) => s.id === answer.id)?.media).toBeUndefined();
    expect(roomy.media).toHaveLength(1);
    await channel.close();
    await roomy.close();
  });
});
