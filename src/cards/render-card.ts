import type { Image, SKRSContext2D } from '@napi-rs/canvas';
import { CARD_FONT_STACK, loadCardFonts, type CardFontSet } from './card-fonts.js';
import type { CardStyle } from './card-style.js';
import { paragraphDirection } from './text-direction.js';
import { ellipsize, wrapLines } from './wrap-lines.js';

export interface CardInput {
  /** The post's words, exactly as posted (the caption and alt text carry them in full). */
  text: string;
  /** BCP 47 locale of the text, for word breaking (e.g. `zh`, `ar`, `vi`). */
  locale?: string;
}

export interface Card {
  png: Buffer;
  width: number;
  height: number;
  /** Text size used (px). */
  fontPx: number;
  /** Lines drawn, in logical order. */
  lines: string[];
  /** The text did not fit at the smallest size and ends in "…" (the caption still has it all). */
  truncated: boolean;
  /** Letters or digits no shipped font has: drawn by a system font if there is one, else as boxes. */
  missing: string[];
}

const PADDING = 88;
const BAND = 28;
const FOOTER = 150;
const LOGO_MAX_HEIGHT = 100;
const LOGO_MAX_WIDTH = 320;
const FOOTER_FONT_PX = 38;

/**
 * Renders a campaign post as an accessible image card: the words large, with the paragraph's own
 * direction (Arabic and Hebrew right to left), CJK broken between characters, the city's colours
 * (contrast checked by the style schema) and logo. Skia (through @napi-rs/canvas) shapes the text
 * with HarfBuzz and applies the Unicode bidi algorithm inside each line.
 */
export class CardRenderer {
  private constructor(
    private readonly canvas: typeof import('@napi-rs/canvas'),
    private readonly fonts: CardFontSet,
    private readonly style: CardStyle,
    private readonly logo: Image | undefined,
  ) {}

  /** Loads the canvas library, the fonts and the logo; a logo that cannot be read fails here. */
  static async create(style: CardStyle): Promise<CardRenderer> {
    const canvas = await import('@napi-rs/canvas');
    const fonts = await loadCardFonts();
    let logo: Image | undefined;
    if (style.logo !== undefined) {
      try {
        logo = await canvas.loadImage(style.logo);
      } catch (error) {
        throw new Error(`card logo ${style.logo} cannot be read as an image: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    return new CardRenderer(canvas, fonts, style, logo);
  }

  /** Draws the card; PNG encoding runs off the main thread. */
  async render(input: CardInput): Promise<Card> {
    const { width, height } = this.style;
    const surface = this.canvas.createCanvas(width, height);
    const ctx = surface.getContext('2d');
    const { text, missing } = this.drawableText(input.text);
    const paragraphs = text.split(/\n+/u).map((p) => p.trim()).filter((p) => p.length > 0);

    ctx.fillStyle = this.style.background;
    ctx.fillRect(0, 0, width, height);
    ctx.fillStyle = this.style.accent;
    ctx.fillRect(0, 0, width, BAND);

    const box = { width: width - 2 * PADDING, height: height - BAND - FOOTER - 2 * PADDING };
    const layout = this.fit(ctx, paragraphs, box, input.locale);
    ctx.fillStyle = this.style.text;
    ctx.textBaseline = 'alphabetic';
    let y = BAND + PADDING + layout.fontPx;
    for (const line of layout.lines) {
      if (line.text.length > 0) this.drawLine(ctx, line.text, line.dir, y);
      y += line.text.length > 0 ? layout.lineHeight : layout.fontPx * 0.6;
    }
    this.drawFooter(ctx, paragraphs[0] === undefined ? 'ltr' : paragraphDirection(paragraphs[0]));
    return {
      png: await surface.encode('png'),
      width,
      height,
      fontPx: layout.fontPx,
      lines: layout.lines.filter((l) => l.text.length > 0).map((l) => l.text),
      truncated: layout.truncated,
      missing,
    };
  }

  /**
   * Emoji and symbols no card font has are decoration: they are left out of the picture (the
   * caption keeps them). Letters and digits are kept and reported, so nothing is silently lost.
   */
  private drawableText(text: string): { text: string; missing: string[] } {
    const missing = new Set<string>();
    let kept = '';
    for (const ch of text) {
      const cp = ch.codePointAt(0) ?? 0;
      if (ch === '\n' || /\s/u.test(ch) || this.fonts.covers(cp)) kept += ch;
      else if (/[\p{L}\p{N}]/u.test(ch)) {
        missing.add(ch);
        kept += ch;
      }
    }
    return { text: kept.replace(/[^\S\n]+/gu, ' '), missing: [...missing] };
  }

  /** The largest size at which every paragraph fits; at the smallest size, the end is cut with "…". */
  private fit(ctx: SKRSContext2D, paragraphs: string[], box: { width: number; height: number }, locale: string | undefined) {
    const measure = (t: string) => ctx.measureText(t).width;
    const { maxFontPx, minFontPx } = this.style;
    for (let fontPx = maxFontPx; ; fontPx = Math.max(minFontPx, fontPx - 4)) {
      ctx.font = `${fontPx}px ${CARD_FONT_STACK}`;
      const lineHeight = Math.round(fontPx * 1.32);
      const gap = Math.round(fontPx * 0.6);
      const lines: { text: string; dir: 'ltr' | 'rtl' }[] = [];
      paragraphs.forEach((p, i) => {
        if (i > 0) lines.push({ text: '', dir: 'ltr' });
        const dir = paragraphDirection(p);
        for (const text of wrapLines(p, box.width, measure, locale)) lines.push({ text, dir });
      });
      const used = (lines: { text: string }[]) => lines.reduce((h, l) => h + (l.text.length > 0 ? lineHeight : gap), 0);
      if (used(lines) <= box.height) return { fontPx, lineHeight, lines, truncated: false };
      if (fontPx === minFontPx) {
        const kept: typeof lines = [];
        for (const line of lines) {
          if (used([...kept, line]) > box.height) break;
          kept.push(line);
        }
        while (kept.length > 0 && kept.at(-1)?.text === '') kept.pop();
        const last = kept.at(-1);
        if (last !== undefined) last.text = ellipsize(last.text, box.width, measure, locale);
        return { fontPx, lineHeight, lines: kept, truncated: true };
      }
    }
  }

  private drawLine(ctx: SKRSContext2D, text: string, dir: 'ltr' | 'rtl', y: number): void {
    ctx.direction = dir;
    ctx.textAlign = dir === 'rtl' ? 'right' : 'left';
    ctx.fillText(text, dir === 'rtl' ? this.style.width - PADDING : PADDING, y);
  }

  /** Logo and name at the bottom, on the side the text starts from. */
  private drawFooter(ctx: SKRSContext2D, dir: 'ltr' | 'rtl'): void {
    const { width, height } = this.style;
    const middle = height - PADDING / 2 - FOOTER / 2;
    let edge = dir === 'rtl' ? width - PADDING : PADDING;
    if (this.logo !== undefined && this.logo.width > 0 && this.logo.height > 0) {
      const scale = Math.min(LOGO_MAX_HEIGHT / this.logo.height, LOGO_MAX_WIDTH / this.logo.width);
      const w = Math.round(this.logo.width * scale);
      const h = Math.round(this.logo.height * scale);
      ctx.drawImage(this.logo, dir === 'rtl' ? edge - w : edge, Math.round(middle - h / 2), w, h);
      edge += dir === 'rtl' ? -(w + 32) : w + 32;
    }
    if (this.style.footer !== undefined) {
      ctx.font = `${FOOTER_FONT_PX}px ${CARD_FONT_STACK}`;
      ctx.fillStyle = this.style.text;
      ctx.textBaseline = 'middle';
      ctx.direction = paragraphDirection(this.style.footer);
      ctx.textAlign = dir === 'rtl' ? 'right' : 'left';
      ctx.fillText(this.style.footer, edge, middle);
    }
  }
}
