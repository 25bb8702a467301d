import { data } from 'franc/data.js';

/**
 * Each language's 300 most frequent character trigrams, most frequent first, from franc's
 * models (trained on the Universal Declaration of Human Rights, one of the few texts that exist
 * in Haitian Creole, Swahili, Somali and Tagalog alike). Keyed by franc's ISO 639-3 code.
 */
export function trigramProfile(iso6393: string): string[] {
  for (const languages of Object.values(data)) {
    const model = languages[iso6393];
    if (model !== undefined) return model.split('|');
  }
  throw new Error(`franc has no trigram model for "${iso6393}"`);
}
