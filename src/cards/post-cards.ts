import type { Logger } from 'pino';
import type { PublishRequest } from '../channels/channel.js';
import { isAppError } from '../domain/errors.js';
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

/**
 * Whether a part gets a card: the first part of a campaign or scheduled post. Answers to
 * residents and the later parts of a thread stay text.
 */
export function takesCard(request: Pick<PublishRequest, 'replyTo' | 'inReplyTo'>): boolean {
  return request.replyTo === undefined && request.inReplyTo === undefined;
}

/**
 * Attaches a card to a part through the platform's upload, for adapters where cards are an
 * option. The words always go out: a card that cannot be drawn, or that the platform refuses
 * (a 4xx about the image), leaves the post text-only with a warning. A passing upload failure
 * (429, 5xx, timeout) or refused credentials are thrown, so the post is tried again, card and all.
 */
export async function attachCard<T>(cards: PostCards | undefined, request: PublishRequest, altMaxLength: number, upload: (card: PostCard) => Promise<T>, logger: Logger): Promise<T | undefined> {
  if (cards === undefined || !takesCard(request)) return undefined;
  let card: PostCard;
  try {
    card = await cards.make(request.text, request.locale, altMaxLength);
  } catch (error) {
    logger.warn({ err: error instanceof Error ? error.message : String(error), key: request.key }, 'image card could not be drawn: posting the text alone');
    return undefined;
  }
  try {
    return await upload(card);
  } catch (error) {
    if (!isAppError(error) || error.retryable || error.code === 'AUTH_FAILED') throw error;
    logger.warn({ err: error.message, code: error.code, key: request.key }, 'the platform refused the image card: posting the text alone');
    return undefined;
  }
}

