import { readTopicFiles, type TopicFiles } from '../faq/knowledge-base.js';
import { sourceHashOf } from '../translations/review-state.js';
import { textHash } from '../translations/text-hash.js';
import type { LedgerEntry } from '../translations/translation-ledger.js';
import type { ShippedText } from './public-texts.js';

export interface FaqTexts {
  texts: ShippedText[];
  /**
   * language → key → the record a FAQ file keeps itself (its `review:` field), used when the
   * ledger has no entry: a text is recorded against the English and the text as they stand.
   */
  fileRecords: Map<string, Map<string, LedgerEntry>>;
}

/** The text key of a FAQ answer for one state (`faq:snow.plowing/snow`), or of its acknowledgement. */
export function faqKey(topic: string, state: string): string {
  return `faq:${topic}/${state}`;
}

/**
 * Every FAQ answer (per topic and state) and acknowledgement in every language, as public texts
 * with the file a person edits, so the review page, `civicast validate` and `/metrics` count them
 * like the campaign texts. The 911 texts (`_urgent`) and off-topic examples are not answers.
 * Problems are collected, not thrown: the knowledge base's own load names them.
 */
export function readFaqTexts(dir: string, sourceLanguage: string, read: TopicFiles = readTopicFiles(dir, [])): FaqTexts {
  const { files, origins } = read;
  const texts: ShippedText[] = [];
  const fileRecords = new Map<string, Map<string, LedgerEntry>>();
  for (const { file, data } of files) {
    if (data.id.startsWith('_')) continue;
    const add = (key: string, language: string, text: string, field: string) => {
      const own = origins.get(data.id)?.get(language);
      texts.push({ key, language, text, file: own ?? file, path: own === undefined ? `${field}.${language}` : field });
      if (language === sourceLanguage) return;
      const english = key.endsWith('/acknowledge') ? data.acknowledge[sourceLanguage] : data.answers[key.slice(key.lastIndexOf('/') + 1)]?.[sourceLanguage];
      // A language the topic file does not mark is reviewed (the knowledge base's own rule).
      const status = data.review[language] ?? 'reviewed';
      if (!fileRecords.has(language)) fileRecords.set(language, new Map());
      fileRecords.get(language)?.set(key, { status, by: `file:${own ?? file}`, at: '', source: sourceHashOf(english), text: textHash(text) });
    };
    for (const [state, byLanguage] of Object.entries(data.answers)) {
      for (const [language, text] of Object.entries(byLanguage)) add(faqKey(data.id, state), language, text, `answers.${state}`);
    }
    for (const [language, text] of Object.entries(data.acknowledge)) add(faqKey(data.id, 'acknowledge'), language, text, 'acknowledge');
  }
  return { texts, fileRecords };
}
