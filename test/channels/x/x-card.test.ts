import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeXServer } from '../../fakes/x/fake-x-server.js';
import { errorOf } from '../../support/app-error.js';
import { pngSize } from '../card-png.js';
import { makeChannel } from './x-harness.js';

describe('x: image cards (option)', () => {
  const fake = new FakeXServer();
  beforeAll(async () => {
    await fake.start();
    fake.windowLimit = 10_000;
  });
  afterAll(async () => {
    await fake.stop();
  });

  it('a campaign post carries the card, uploaded through v1.1 with its words as alt text', async () => {
    const { channel } = makeChannel(fake, { card: { footer: 'City of Philadelphia' } });
    await channel.start(async () => {});
    const text = 'Snow emergency from 6 PM: move cars off Snow Emergency Routes.';
    const ref = await channel.publish({ key: 'card-1', text, locale: 'en' });
    const tweet = fake.posted.find((t) => t.id === ref.id);
    expect(tweet?.media_ids).toHaveLength(1);
    const media = fake.media.get(tweet?.media_ids?.[0] ?? '');
    expect(media).toMatchObject({ mediaType: 'image/png', altText: text, tweetId: ref.id });
    expect(pngSize(fake.mediaBytes(media?.id ?? '') ?? Buffer.alloc(0))).toEqual({ width: 1080, height: 1350 });
    // Uploads go to upload.x.com's paths on the configured origin.
    expect(fake.requests.filter((r) => r.path === '/1.1/media/upload.json')).toHaveLength(1);
    expect(fake.requests.filter((r) => r.path === '/1.1/media/metadata/create.json')).toHaveLength(1);
    await channel.close();
  });

  it('answers and later thread parts stay text; without the option nothing is uploaded', async () => {
    const { channel } = makeChannel(fake, { card: {} });
    await channel.start(async () => {});
    const head = await channel.publish({ key: 'card-2', text: 'Warming centers open tonight (1/2)' });
    const next = await channel.publish({ key: 'card-2#2', text: 'List at phila.gov (2/2)', inReplyTo: head });
    expect(fake.posted.find((t) => t.id === next.id)?.media_ids).toBeUndefined();
    await channel.close();
    const plain = makeChannel(fake);
    await plain.channel.start(async () => {});
    const uploads = fake.media.size;
    const ref = await plain.channel.publish({ key: 'card-3', text: 'No card configured here.' });
    expect(fake.media.size).toBe(uploads);
    expect(fake.posted.find((t) => t.id === ref.id)?.media_ids).toBeUndefined();
    await plain.channel.close();
  });

  it('a passing upload failure fails the attempt (tried again with the card); nothing is posted', async () => {
    const { channel } = makeChannel(fake, { card: {} });
    await channel.start(async () => {});
    const before = fake.posted.length;
    fake.failNext('500', 1, 'POST /1.1/media/upload.json');
    const error = await errorOf(channel.publish({ key: 'card-4', text: 'Upload trouble: shelters open.' }));
    expect(error).toMatchObject({ retryable: true, mayHaveSucceeded: false });
    expect(fake.posted.length).toBe(before);
    const ref = await channel.publish({ key: 'card-4', text: 'Upload trouble: shelters open.' });
    expect(fake.posted.find((t) => t.id === ref.id)?.media_ids).toHaveLength(1);
    await channel.close();
  });
});
