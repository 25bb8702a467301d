/**
 * The languages Civicast knows by default (see coord TAXONOMY): residents are answered in the
 * served ones; the recognised ones are identified and routed to staff.
 */
export const DEFAULT_SERVED_LANGUAGES = ['en', 'es', 'zh', 'vi', 'ru', 'ht', 'fr', 'pt', 'ar', 'sw'] as const;
export const DEFAULT_RECOGNISED_LANGUAGES = ['ko', 'ja', 'bn', 'ur', 'tl', 'it', 'de', 'pl', 'hi', 'ne', 'km', 'so', 'am'] as const;

/** Every language the recogniser can name; a configuration may only list these. */
export const RECOGNISABLE_LANGUAGES: readonly string[] = [...DEFAULT_SERVED_LANGUAGES, ...DEFAULT_RECOGNISED_LANGUAGES];

/** The recogniser's answer when it cannot tell, or the language is none it may name. */
export const UNDETERMINED = 'und';

export function isRecognisableLanguage(code: string): boolean {
  return RECOGNISABLE_LANGUAGES.includes(code);
}
