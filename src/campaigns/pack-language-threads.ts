/** One language's text of a topic, already fitted to a channel (one part, or a numbered thread). */
export interface LanguageParts {
  language: string;
  parts: string[];
}

/** One post of a multilingual thread: several languages, each as its own part(s). */
export interface LanguageThread {
  languages: string[];
  parts: string[];
  /** The language of each part, for `lang`/`dir` wherever the post is shown again. */
  partLocales: string[];
}

/**
 * Puts the languages of one topic, in order (the source language first), into as few threads
 * as the platform's thread length allows. A language is never split across two threads: a
 * reader finds all of their language in one place.
 */
export function packLanguageThreads(fitted: readonly LanguageParts[], maxThreadParts: number): LanguageThread[] {
  const threads: LanguageThread[] = [];
  let current: LanguageThread = { languages: [], parts: [], partLocales: [] };
  for (const { language, parts } of fitted) {
    if (current.parts.length > 0 && current.parts.length + parts.length > maxThreadParts) {
      threads.push(current);
      current = { languages: [], parts: [], partLocales: [] };
    }
    current.languages.push(language);
    current.parts.push(...parts);
    current.partLocales.push(...parts.map(() => language));
  }
  if (current.parts.length > 0) threads.push(current);
  return threads;
}
