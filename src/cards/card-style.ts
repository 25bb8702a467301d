import { existsSync } from 'node:fs';
import { z } from 'zod';
import { contrastRatio, HEX_COLOUR } from './contrast-ratio.js';

/**
 * WCAG 2 AA asks 4.5:1 for body text; the cards' text is large (AA large text: 3:1), but a card is
 * often seen small in a feed, so the body-text ratio is required.
 */
export const MIN_CONTRAST = 4.5;

const colour = z.string().regex(HEX_COLOUR, 'a colour such as "#0b3d91"');

/**
 * How a city's image cards look: colours, logo and size. Part of a channel's options (`card:`), so
 * each account may have its own; a YAML anchor shares one block between accounts.
 */
export const cardStyleSchema = z
  .strictObject({
    /** Card background. */
    background: colour.default('#0b3d91'),
    /** Text colour; must contrast with the background by at least 4.5:1. */
    text: colour.default('#ffffff'),
    /** The band along the top edge. */
    accent: colour.default('#f2c94c'),
    /** PNG, JPEG or SVG file drawn in the footer, e.g. `config/logo.png` (relative to the working directory). */
    logo: z.string().min(1).refine((file) => existsSync(file), 'no such file').optional(),
    /** Name printed beside the logo, e.g. the city or department. Proper nouns only: it is not translated. */
    footer: z.string().min(1).max(60).optional(),
    /** Pixels. 1080×1350 (4:5) is the tallest shape Instagram shows uncropped in feeds. */
    width: z.number().int().min(600).max(2160).default(1080),
    height: z.number().int().min(600).max(2700).default(1350),
    /** Largest and smallest text size tried (px at the card's width); text shrinks to fit. */
    maxFontPx: z.number().int().min(24).max(160).default(76),
    minFontPx: z.number().int().min(24).max(160).default(40),
  })
  .superRefine((style, ctx) => {
    const ratio = contrastRatio(style.text, style.background);
    if (ratio < MIN_CONTRAST) ctx.addIssue({ code: 'custom', path: ['text'], message: `contrast with background ${style.background} is ${ratio.toFixed(2)}:1; at least ${MIN_CONTRAST}:1 is needed` });
    if (style.minFontPx > style.maxFontPx) ctx.addIssue({ code: 'custom', path: ['minFontPx'], message: `larger than maxFontPx (${style.maxFontPx})` });
  });

export type CardStyle = z.infer<typeof cardStyleSchema>;
