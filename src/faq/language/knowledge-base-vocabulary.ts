const WORD = /[\p{L}\p{M}]+(?:['’][\p{L}\p{M}]+)*/gu;

/**
 * The words a knowledge base uses in each language, from its topics' examples and keywords by
 * locale: the recogniser then knows "remolcaron" or "kijan" even where its word lists do not.
 */
export function knowledgeBaseVocabulary(topics: readonly { phrasesByLocale?: Readonly<Record<string, readonly string[]>> }[]): Map<string, Set<string>> {
  const vocabulary = new Map<string, Set<string>>();
  for (const topic of topics) {
    for (const [locale, phrases] of Object.entries(topic.phrasesByLocale ?? {})) {
      let words = vocabulary.get(locale);
      if (words === undefined) vocabulary.set(locale, (words = new Set()));
      for (const phrase of phrases) for (const match of phrase.toLowerCase().matchAll(WORD)) words.add(match[0].replace(/’/gu, "'"));
    }
  }
  return vocabulary;
}
