import type { ConfigProblem } from '../config/config-error.js';
import type { EmergencyParams } from '../domain/emergency.js';
import { DANGER_TEXT_KINDS } from './danger/danger-texts.js';
import type { FaqService } from './faq-service.js';
import type { KnowledgeBase } from './knowledge-base.js';

export interface AnswerCheckInput {
  kb: KnowledgeBase;
  faq: FaqService;
  locales: readonly string[];
  /** Every emergency type with a playbook, and the parameters a declaration gets by default. */
  emergencyTypes: readonly string[];
  defaultParams: (type: string) => EmergencyParams;
  titleFor: (type: string, locale: string) => string;
}

/**
 * An answer follows any form of question ("how will I know…", "where do I…", a complaint), so it
 * must not open with a yes or a no: "Yes, if you are parked…" reads wrong after "when does the ban
 * start?". "No hay…" ("there is no…") is a statement; "No," and "Sí:" are answers to yes/no questions.
 */
const YES_NO_OPENER = /^(?:(?:yes|yeah|yep|yup|nope|no|sí|si|oui|non|sim|não|nao|wi|да|нет|có|không|是的|是|不)\s*[,:;.!—–\-，：。！]|(?:yes|yeah|yep|yup|nope)(?=\s|$))/iu;

/** Whether an answer opens like the reply to a yes/no question. */
export function opensWithYesOrNo(text: string): boolean {
  return YES_NO_OPENER.test(text.trimStart());
}

/**
 * Renders every answer for every locale in normal times and under every emergency type, so a
 * template that names a missing fact or parameter fails `civicast validate` and start-up, not a
 * citizen's reply at 3 a.m.; and refuses answers that open with a yes or a no.
 */
export function checkAnswers(input: AnswerCheckInput): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const now = Date.now();
  const states = [null, ...input.emergencyTypes.map((type) => ({ type, params: input.defaultParams(type), effectiveAt: now, title: input.titleFor(type, 'en') }))];
  for (const topic of [input.kb.urgent, ...input.kb.topics]) {
    for (const locale of input.locales) {
      for (const emergency of states) {
        try {
          const text = input.faq.answer(topic.id, locale, emergency);
          if (text.trim().length === 0) problems.push({ file: topic.file, path: 'answers', message: `empty answer for ${locale} (${emergency?.type ?? 'normal times'})` });
          if (opensWithYesOrNo(text)) problems.push({ file: topic.file, path: `answers (${emergency?.type ?? 'default'}, ${locale})`, message: 'opens with a yes or a no: answers follow any form of question, so write a statement' });
        } catch (error) {
          problems.push({ file: topic.file, path: `answers (${emergency?.type ?? 'default'}, ${locale})`, message: error instanceof Error ? error.message : String(error) });
        }
      }
    }
  }
  // The 911 texts are not answers to an emergency state: each is rendered in every served
  // language, so a fact they name that the city lacks ("{{city.crisisLine}}") fails here.
  for (const kind of DANGER_TEXT_KINDS) {
    for (const locale of input.locales) {
      try {
        if (input.faq.dangerText(kind, locale).trim().length === 0) problems.push({ file: input.kb.urgent.file, path: `answers.${kind}`, message: `empty 911 text for ${locale}` });
      } catch (error) {
        problems.push({ file: input.kb.urgent.file, path: `answers.${kind}.${locale}`, message: error instanceof Error ? error.message : String(error) });
      }
    }
  }
  return problems;
}
