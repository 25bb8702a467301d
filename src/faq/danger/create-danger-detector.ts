import type { KnowledgeBase } from '../knowledge-base.js';
import { foldAccents } from '../normalize.js';
import { PackedWords } from '../packed-words.js';
import { loadDangerLexicons } from './danger-lexicon.js';
import { DangerDetector } from './danger-detector.js';
import { loadDangerModel } from './danger-model.js';
import { LexiconReader } from './lexicon-reader.js';
import { loadSelfHarmModel } from './self-harm-model.js';
import { typoKnownWords } from './typo-known-words.js';

/**
 * The lexicon reader over the lexicons in `dir` (`faq/danger/`). Every word the knowledge base
 * uses counts as a real word too ("tow", "plow"), so a typing-slip fix never turns one into a
 * danger word.
 */
export function createLexiconReader(dir: string, kb: KnowledgeBase): LexiconReader {
  const known = typoKnownWords();
  // The knowledge base's own words, with the word lists as a view (no copy of their 100,000 words).
  const kbWords = new Set<string>();
  for (const topic of [...kb.topics, kb.offTopic]) {
    for (const text of [...topic.examples, ...topic.keywords]) for (const word of foldAccents(text.toLowerCase()).match(/\p{L}+/gu) ?? []) if (!known.words.has(word)) kbWords.add(word);
  }
  const packed = new PackedWords(kbWords);
  return new LexiconReader(loadDangerLexicons(dir), { languages: known.languages, words: { has: (word) => known.words.has(word) || packed.has(word) } });
}

/** The danger detector: the lexicons in `dir` and the models trained with them (`dir/model.*`, `dir/self-harm.*`). */
export function createDangerDetector(dir: string, kb: KnowledgeBase): DangerDetector {
  return new DangerDetector(createLexiconReader(dir, kb), loadDangerModel(dir), loadSelfHarmModel(dir));
}
