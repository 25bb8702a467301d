import type { LiveAnswerTexts } from '../faq/faq-service.js';
import { faqKey } from '../languages/faq-texts.js';
import type { PublicTexts } from '../languages/public-texts.js';
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
  };
}
