import type { Logger } from 'pino';
import { cardAltText } from './alt-text.js';
import type { CardStyle } from './card-style.js';
import { CardRenderer } from './render-card.js';

/** A card ready to attach: the PNG and the alt text that says what it shows. */
export interface PostCard {
  png: Buffer;
  alt: string;
  width: number;
  height: number;
}

/**
 * Cards for an adapter's posts: one renderer (fonts and logo loaded once, on first use) and the
 * alt text, which is the post's own words cut to what the platform accepts. A card is never
 * attached without its alt text.
 */
export class PostCards {
  private renderer: Promise<CardRenderer> | undefined;

  constructor(
    private readonly style: CardStyle,
    private readonly logger: Logger,
  ) {}

  /** Loads fonts and logo ahead of the first post (a logo that cannot be read fails here). */
  async warm(): Promise<void> {
    await this.load();
  }

  async make(text: string, locale: string | undefined, altMaxLength: number): Promise<PostCard> {
    const card = await (await this.load()).render({ text, ...(locale === undefined ? {} : { locale }) });
    if (card.missing.length > 0) this.logger.warn({ missing: card.missing.join('') }, 'card font lacks some letters; they may show as boxes');
    return { png: card.png, alt: cardAltText(text, altMaxLength), width: card.width, height: card.height };
  }

  private load(): Promise<CardRenderer> {
    this.renderer ??= CardRenderer.create(this.style).catch((error: unknown) => {
      this.renderer = undefined;
      throw error;
    });
    return this.renderer;
  }
}
