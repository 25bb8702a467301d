import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { fontCoverage } from './font-coverage.js';

/** `assets/fonts/` of the package, from `src/cards` (tsx) and `dist/cards` (build) alike. */
export const CARD_FONT_DIR = fileURLToPath(new URL('../../assets/fonts/', import.meta.url));

/**
 * The fonts shipped for cards (Noto Sans, Noto Sans Arabic, Noto Sans SC; bold; subset by
 * `scripts/build-card-fonts.ts`), in fallback order: Latin first, so digits and Latin words inside
 * Arabic or Chinese text keep one look.
 */
export const CARD_FONTS = [
  { family: 'Civicast Card Sans', file: 'card-sans-bold.ttf' },
  { family: 'Civicast Card Arabic', file: 'card-arabic-bold.ttf' },
  { family: 'Civicast Card CJK', file: 'card-cjk-sc-bold.ttf' },
] as const;

/** The CSS font list for the canvas. */
export const CARD_FONT_STACK = CARD_FONTS.map((f) => `"${f.family}"`).join(', ');

export interface CardFontSet {
  /** Whether any card font can draw this code point. */
  covers(codePoint: number): boolean;
}

let loaded: Promise<CardFontSet> | undefined;

/** Registers the card fonts with the canvas library once per process. */
export function loadCardFonts(): Promise<CardFontSet> {
  loaded ??= (async () => {
    const { GlobalFonts } = await import('@napi-rs/canvas');
    const covered = new Set<number>();
    for (const font of CARD_FONTS) {
      const path = CARD_FONT_DIR + font.file;
      const data = readFileSync(path);
      for (const cp of fontCoverage(data)) covered.add(cp);
      if (GlobalFonts.register(data, font.family) === null) throw new Error(`card font ${path} could not be loaded`);
    }
    return { covers: (cp) => covered.has(cp) };
  })();
  return loaded;
}
