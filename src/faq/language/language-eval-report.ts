import fs from 'node:fs';
import path from 'node:path';
import type { ReplyDecider, ReplyEmergency } from '../../replies/decider.js';
import { TemplateEngine } from '../../templates/engine.js';
import { loadKnowledgeBase } from '../knowledge-base.js';
import { evaluateLanguage, evaluateReplyLanguage, formatLanguageEvaluation, languageEvalSets, parseLanguageLabelled, type LanguageLabelledPost } from './evaluate-language.js';
import { knowledgeBaseVocabulary } from './knowledge-base-vocabulary.js';
import { createLanguageRecognizer, type LanguageOptions } from './recognize-language.js';

export interface LanguageEvalInput {
  /** The repository root: `eval/dev`, `eval/heldout` and `faq/` are read from it. */
  root: string;
  decider: ReplyDecider;
  languages: LanguageOptions;
  emergency: ReplyEmergency | null;
  /** Only these labelled sets, a table each (`npm run eval:faq -- eval/dev/langid-x.tsv`); default: every set by role. */
  files?: readonly string[];
}

const pct = (part: number, whole: number) => (whole === 0 ? '—' : `${((100 * part) / whole).toFixed(1)}%`);

/**
 * The language part of `npm run eval:faq`: per-language recognition tables for the dev sets, the
 * check slice and (when present) the held-out sets, and whether each reply sent is in the asker's
 * language. The recogniser knows the knowledge base's words, as the FAQ service's does.
 */
export function languageEvalReport(input: LanguageEvalInput): string {
  const kb = loadKnowledgeBase(path.join(input.root, 'faq'), new TemplateEngine({ timeZone: 'UTC' }));
  const recognizer = createLanguageRecognizer({ vocabulary: knowledgeBaseVocabulary([...kb.topics, kb.urgent, kb.offTopic]) });
  const sets = languageEvalSets(input.root);
  const groups: (readonly [string, readonly string[]])[] =
    input.files === undefined
      ? [
          ['dev (eval/dev/langid-*)', sets.dev],
          ['check slice (eval/dev/langid-check.tsv)', sets.check],
          ['held-out (eval/heldout/langid-*, faq-*)', sets.heldout],
        ]
      : input.files.map((file) => [file, [file]] as const);
  const out: string[] = [];
  for (const [role, files] of groups) {
    if (files.length === 0) {
      out.push(`${role}: no sets present`);
      continue;
    }
    const posts: LanguageLabelledPost[] = files.flatMap((file) => parseLanguageLabelled(fs.readFileSync(file, 'utf8')));
    out.push(formatLanguageEvaluation(role, evaluateLanguage(recognizer, posts, input.languages), input.languages));
    const replies = evaluateReplyLanguage(input.decider, posts, input.emergency);
    out.push(
      `replies in the asker's language: ${replies.inLanguage}/${replies.replies} (${pct(replies.inLanguage, replies.replies)}); FAQ answers: ${replies.answersInLanguage}/${replies.answers} (${pct(replies.answersInLanguage, replies.answers)})`,
      '',
    );
  }
  return out.join('\n');
}
