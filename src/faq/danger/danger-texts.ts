import type { CompiledTemplate } from '../../templates/engine.js';
import type { Topic } from '../knowledge-base.js';

/**
 * The texts of `faq/_urgent.yaml`: `default` (the full 911 reply), `possible` (the line that leads
 * a reply) and `self_harm` (911 and the crisis line, for someone who may hurt themselves: it
 * stands in for either of the other two).
 */
export const DANGER_TEXT_KINDS = ['default', 'possible', 'self_harm'] as const;
export type DangerTextKind = (typeof DANGER_TEXT_KINDS)[number];

export interface DangerTexts {
  line(kind: DangerTextKind, locale: string): { text: string; locale: string };
}

/**
 * A 911 text in the asker's language; for a language without one, the interpreter line in that
 * language ("call 911 and request an interpreter"), when it exists, then the English text: the
 * asker's own words first, so a platform that shortens a long reply cuts the English.
 */
export function createDangerTexts(urgent: Topic, englishLocale: string, render: (template: CompiledTemplate, locale: string) => string): DangerTexts {
  return {
    line(kind, locale) {
      const variant = urgent.answers.get(kind);
      const own = variant?.get(locale);
      if (own !== undefined) return { text: render(own, locale), locale };
      const english = variant?.get(englishLocale) ?? urgent.answers.get('default')?.get(englishLocale);
      if (english === undefined) throw new Error(`faq/_urgent.yaml has no ${englishLocale} text for ${kind}`);
      const interpreter = urgent.answers.get('interpreter')?.get(locale);
      if (interpreter === undefined) return { text: render(english, englishLocale), locale: englishLocale };
      return { text: `${render(interpreter, locale)}\n\n${render(english, englishLocale)}`, locale };
    },
  };
}
