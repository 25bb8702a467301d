import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import { beforeAll, describe, expect, it } from 'vitest';
import { cardAltText } from '../../src/cards/alt-text.js';
import { cardStyleSchema } from '../../src/cards/card-style.js';
import { CardRenderer, type Card } from '../../src/cards/render-card.js';

/** Width and height from the PNG's IHDR chunk, as any image reader gets them. */
function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(true);
  expect(png.subarray(12, 16).toString('ascii')).toBe('IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/** Columns (x) holding text-coloured pixels between two rows, decoded from the PNG itself. */
async function inkColumns(card: Card, fromY: number, toY: number): Promise<{ left: number; right: number }> {
  const image = await loadImage(card.png);
  const canvas = createCanvas(image.width, image.height);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(image, 0, 0);
  const { data } = ctx.getImageData(0, fromY, image.width, toY - fromY);
  let left = Infinity;
  let right = -Infinity;
  for (let y = 0; y < toY - fromY; y++) {
    for (let x = 0; x < image.width; x++) {
      const i = (y * image.width + x) * 4;
      // White text on the default blue background.
      if ((data[i] ?? 0) > 200 && (data[i + 1] ?? 0) > 200 && (data[i + 2] ?? 0) > 200) {
        left = Math.min(left, x);
        right = Math.max(right, x);
      }
    }
  }
  return { left, right };
}

const SAMPLES = {
  en: '❄️ Philadelphia has declared a SNOW EMERGENCY from 6 PM. Move cars off Snow Emergency Routes, expect trash delays, and check back here for updates. Info: https://www.phila.gov',
  ar: 'أعلنت فيلادلفيا حالة طوارئ بسبب الثلوج اعتبارًا من الساعة 6 مساءً. انقلوا سياراتكم من طرق الطوارئ، وتوقعوا تأخر جمع النفايات. للمزيد: 311',
  zh: '费城已宣布雪灾紧急状态，自晚上6点起生效。请将车辆移出雪灾紧急路线，垃圾收集将会延迟，请随时关注本账号的最新消息。详情请致电311。',
  vi: 'Philadelphia đã ban bố TÌNH TRẠNG KHẨN CẤP DO TUYẾT từ 6 giờ tối. Hãy dời xe khỏi các Tuyến đường Khẩn cấp, rác sẽ được thu gom trễ. Thông tin: gọi 311.',
} as const;

describe('image cards', () => {
  let renderer: CardRenderer;
  const cards = new Map<string, Card>();

  beforeAll(async () => {
    renderer = await CardRenderer.create(cardStyleSchema.parse({ footer: 'City of Philadelphia' }));
    for (const [locale, text] of Object.entries(SAMPLES)) cards.set(locale, await renderer.render({ text, locale }));
  });

  it.each(Object.keys(SAMPLES))('renders a %s card as a 1080×1350 PNG, every letter in a shipped font', (locale) => {
    const card = cards.get(locale);
    expect(card).toBeDefined();
    if (card === undefined) return;
    expect(pngSize(card.png)).toEqual({ width: 1080, height: 1350 });
    expect(card.png.length).toBeGreaterThan(10_000);
    expect(card.png.length).toBeLessThan(600_000);
    expect(card.missing).toEqual([]);
    expect(card.truncated).toBe(false);
    // Large and legible: these posts fit at 56 px or more on a 1080 px card.
    expect(card.fontPx).toBeGreaterThanOrEqual(56);
    expect(card.lines.length).toBeGreaterThan(2);
  });

  it('keeps every word: the lines joined give back the text (emoji left to the caption)', () => {
    const squash = (t: string) => t.replace(/\s+/gu, '');
    expect(squash(cards.get('en')?.lines.join(' ') ?? '')).toBe(squash(SAMPLES.en.replace('❄️', '')));
    expect(squash(cards.get('ar')?.lines.join(' ') ?? '')).toBe(squash(SAMPLES.ar));
    expect(cards.get('zh')?.lines.join('')).toBe(SAMPLES.zh);
    expect(squash(cards.get('vi')?.lines.join(' ') ?? '')).toBe(squash(SAMPLES.vi));
  });

  it('breaks Chinese between characters and never starts a line with a stop or comma', () => {
    const lines = cards.get('zh')?.lines ?? [];
    expect(lines.length).toBeGreaterThan(2);
    for (const line of lines) expect(line).not.toMatch(/^[，。、：；？！）]/u);
  });

  it('sets Arabic right to left: ink hugs the right margin, the short last line stays right', async () => {
    const ar = cards.get('ar');
    const en = cards.get('en');
    if (ar === undefined || en === undefined) throw new Error('cards missing');
    const top = 28 + 88;
    const arInk = await inkColumns(ar, top, top + ar.fontPx * 2);
    const enInk = await inkColumns(en, top, top + en.fontPx * 2);
    expect(1080 - 88 - arInk.right).toBeLessThan(12);
    expect(enInk.left - 88).toBeLessThan(12);
    // A one-line Arabic card: ink only on the right half.
    const short = await renderer.render({ text: 'اتصل بالرقم 311', locale: 'ar' });
    const shortInk = await inkColumns(short, top, top + short.fontPx * 2);
    expect(shortInk.left).toBeGreaterThan(1080 / 3);
    expect(1080 - 88 - shortInk.right).toBeLessThan(12);
  });

  it('shrinks long text, and cuts it with "…" only below the smallest size', async () => {
    const long = await renderer.render({ text: `${SAMPLES.en} `.repeat(4), locale: 'en' });
    expect(long.fontPx).toBeLessThan(cards.get('en')?.fontPx ?? 0);
    expect(long.truncated).toBe(false);
    const tooLong = await renderer.render({ text: `${SAMPLES.vi} `.repeat(12), locale: 'vi' });
    expect(tooLong.truncated).toBe(true);
    expect(tooLong.fontPx).toBe(40);
    expect(tooLong.lines.at(-1)?.endsWith('…')).toBe(true);
  });

  it('reports letters no shipped font has instead of dropping them', async () => {
    const card = await renderer.render({ text: 'Shelter: ᏣᎳᎩ speakers welcome', locale: 'en' });
    expect(card.missing).toEqual(['Ꮳ', 'Ꮃ', 'Ꭹ']);
    expect(card.lines.join(' ')).toContain('ᏣᎳᎩ');
  });

  it('draws the logo from config in the footer', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'civicast-card-'));
    const logoFile = path.join(dir, 'logo.png');
    const logo = createCanvas(200, 100);
    const lctx = logo.getContext('2d');
    lctx.fillStyle = '#ff0000';
    lctx.fillRect(0, 0, 200, 100);
    writeFileSync(logoFile, await logo.encode('png'));
    const withLogo = await CardRenderer.create(cardStyleSchema.parse({ logo: logoFile, footer: 'Philadelphia' }));
    const card = await withLogo.render({ text: 'Trash is one day late.', locale: 'en' });
    const image = await loadImage(card.png);
    const canvas = createCanvas(image.width, image.height);
    const ctx = canvas.getContext('2d');
    ctx.drawImage(image, 0, 0);
    // The logo sits at the left margin, vertically centred in the footer.
    const [r, g, b] = ctx.getImageData(88 + 100, 1350 - 44 - 75, 1, 1).data;
    expect([r, g, b]).toEqual([255, 0, 0]);
    const notAnImage = path.join(dir, 'logo.txt');
    writeFileSync(notAnImage, 'not an image');
    await expect(CardRenderer.create(cardStyleSchema.parse({ logo: notAnImage }))).rejects.toThrow(/card logo .*logo\.txt cannot be read as an image/);
  });

  it('gives the same PNG for the same text (cards can be addressed by content)', async () => {
    const again = await renderer.render({ text: SAMPLES.zh, locale: 'zh' });
    expect(again.png.equals(cards.get('zh')?.png ?? Buffer.alloc(0))).toBe(true);
  });
});

describe('card alt text', () => {
  it('is the full text when it fits the platform cap', () => {
    for (const text of Object.values(SAMPLES)) expect(cardAltText(text, 1000)).toBe(text);
  });

  it('is cut at a sentence (or between CJK characters) past the cap, ending in "…"', () => {
    const en = cardAltText(SAMPLES.en, 80);
    expect(en).toBe('❄️ Philadelphia has declared a SNOW EMERGENCY from 6 PM.…');
    const zh = cardAltText('紧急'.repeat(100), 50);
    expect([...new Intl.Segmenter().segment(zh)].length).toBe(50);
    expect(zh.endsWith('…')).toBe(true);
  });
});

describe('card style', () => {
  it('refuses text that does not contrast with the background, naming the field', () => {
    const result = cardStyleSchema.safeParse({ background: '#777777', text: '#999999' });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['text']);
    expect(result.error?.issues[0]?.message).toMatch(/contrast .* is 1\.\d\d:1; at least 4.5:1/);
  });

  it('refuses a logo file that does not exist and a colour that is not one', () => {
    const result = cardStyleSchema.safeParse({ logo: '/nonexistent/logo.png', accent: 'yellow' });
    expect(result.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`).sort()).toEqual(['accent: a colour such as "#0b3d91"', 'logo: no such file']);
  });
});
