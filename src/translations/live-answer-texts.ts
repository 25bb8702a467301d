import type { LiveAnswerTexts } from '../faq/faq-service.js';
import { faqKey } from '../languages/faq-texts.js';
import type { PublicTexts } from '../languages/public-texts.js';
import { textHash } from './text-hash.js';
import type { Translations } from './translations.js';

export interface LiveAnswerTextsDeps {
  translations: Translations;
  texts: PublicTexts;
  /** The reviewed pointer to 311 with an interpreter in a language (`interpreter:general`), rendered; undefined when there is none. */
  pointer: (language: string, now: number) => string | undefined;
}

/**
 * The FAQ answers as the reviews stand now, for the reply path: a reviewer's correction replaces
 * the file's text at once, and with `city.translations.sendUnreviewed` off an answer no person has
 * reviewed is held back in its language (never replaced by another language's answer).
 */
export function liveAnswerTexts(deps: LiveAnswerTextsDeps): LiveAnswerTexts {
  const { translations, texts } = deps;
  // Versions are asked for on every answer: worked out once per topic until the reviews change.
  const versions = new Map<string, { version: string; asOf: number } | undefined>();
  let revision = -1;
  return {
    withheldReason(language, topic, state) {
      const key = faqKey(topic, state);
      // A text the review record does not know (a test's own knowledge base) is the file's business.
      if (!texts.has(language, key)) return undefined;
      return translations.withheldReason(language, [key]);
    },
    renderEdited(language, topic, state, context) {
      const key = faqKey(topic, state);
      return texts.isEdited(language, key) ? texts.render(language, key, context) : undefined;
    },
    heldReply(language, now) {
      const { status } = translations.state(language, 'interpreter:general');
      // Only a text a person approved stands in for a held answer, whatever sendUnreviewed says.
      return status === 'reviewed' ? deps.pointer(language, now) : undefined;
    },
    revision: () => translations.revision(),
    correctedVersion(topic, fileVersion, fileAsOf) {
      if (revision !== translations.revision()) {
        versions.clear();
        revision = translations.revision();
      }
      if (!versions.has(topic)) versions.set(topic, foldCorrections(topic, fileVersion, fileAsOf));
      return versions.get(topic);
    },
  };

  /** The file's version with every correction in use of the topic's texts folded in, as of the newest. */
  function foldCorrections(topic: string, fileVersion: string, fileAsOf: number): { version: string; asOf: number } | undefined {
    const corrections = translations.reviews().filter((entry) => entry.edited !== undefined && entry.key.startsWith(`faq:${topic}/`) && texts.isEdited(entry.language, entry.key));
    if (corrections.length === 0) return undefined;
    const fingerprint = corrections.map((entry) => `${entry.language} ${entry.key} ${entry.text}`).sort().join('\n');
    return { version: textHash(`${fileVersion}\n${fingerprint}`), asOf: Math.max(fileAsOf, ...corrections.map((entry) => entry.at)) };
  }
}
