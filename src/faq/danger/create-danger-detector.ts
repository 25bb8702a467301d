import type { KnowledgeBase } from '../knowledge-base.js';
import { foldAccents } from '../normalize.js';
import { loadDangerLexicons } from './danger-lexicon.js';
import { DangerDetector } from './danger-detector.js';
import { typoKnownWords } from './typo-known-words.js';

/**
 * The danger detector over the lexicons in `dir` (`faq/danger/`). Every word the knowledge base
 * uses counts as a real word too ("tow", "plow"), so a typing-slip fix never turns one into a
 * danger word.
 */
export function createDangerDetector(dir: string, kb: KnowledgeBase): DangerDetector {
  const known = typoKnownWords();
  const words = new Set(known.words);
  for (const topic of [...kb.topics, kb.offTopic]) {
    for (const text of [...topic.examples, ...topic.keywords]) for (const word of foldAccents(text.toLowerCase()).match(/\p{L}+/gu) ?? []) words.add(word);
  }
  return new DangerDetector(loadDangerLexicons(dir), { languages: known.languages, words });
}
