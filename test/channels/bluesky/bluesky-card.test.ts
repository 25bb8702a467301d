import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pngSize } from '../card-png.js';
import { harness, type Harness } from './harness.js';

describe('bluesky: image cards (option)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness();
  });
  afterAll(async () => {
    await h.close();
  });

  it('a campaign post embeds the card (uploadBlob + app.bsky.embed.images) with alt text and aspect ratio', async () => {
    const channel = await h.channel({ card: { footer: 'City of Philadelphia' } });
    const text = 'حالة طوارئ بسبب الثلوج من الساعة 6 مساءً: انقلوا سياراتكم من طرق الطوارئ.';
    const ref = await channel.publish({ key: 'card-1', text, locale: 'ar' });
    const record = h.fake.ownPosts().find((r) => r.uri === ref.id);
    const embed = record?.value['embed'] as { $type: string; images: { image: { ref: { $link: string }; mimeType: string }; alt: string; aspectRatio: { width: number; height: number } }[] };
    expect(embed.$type).toBe('app.bsky.embed.images');
    expect(embed.images).toHaveLength(1);
    expect(embed.images[0]).toMatchObject({ alt: text, aspectRatio: { width: 1080, height: 1350 }, image: { mimeType: 'image/png' } });
    const blob = h.fake.blobs.get(embed.images[0]?.image.ref.$link ?? '');
    expect(pngSize(blob?.bytes ?? Buffer.alloc(0))).toEqual({ width: 1080, height: 1350 });
    await channel.close();
  });

  it('thread parts stay text', async () => {
    const channel = await h.channel({ card: {} });
    const head = await channel.publish({ key: 'card-2', text: 'Warming centers open (1/2)' });
    const next = await channel.publish({ key: 'card-2#2', text: 'Full list on phila.gov (2/2)', inReplyTo: head });
    expect(h.fake.ownPosts().find((r) => r.uri === next.id)?.value['embed']).toBeUndefined();
    expect(h.fake.ownPosts().find((r) => r.uri === head.id)?.value['embed']).toBeDefined();
    await channel.close();
  });
});
