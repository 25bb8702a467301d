import type { ReplyDecider, ReplyDecision, ReplyEmergency } from '../replies/decider.js';

/** One labelled question: `expected` is a topic id, `urgent`, or `none` (must be handed off). */
export interface LabelledQuestion {
  expected: string;
  locale: string;
  text: string;
}

export interface EvaluationMiss {
  question: LabelledQuestion;
  got: string;
  confidence: number;
}

export interface Evaluation {
  total: number;
  /** Decisions exactly as labelled (topic, urgent, or handoff for `none`). */
  correct: number;
  /** Of the answers given, how many were the right topic: a wrong confident answer is the worst outcome. */
  answered: number;
  answeredRight: number;
  urgentTotal: number;
  /** Urgent questions that got the 911 reply or a reply led by the 911 line (both tiers). */
  urgentCaught: number;
  /** Non-urgent questions that got the full 911 reply. */
  falseUrgent: number;
  /** Non-urgent questions whose reply led with the 911 line (possible danger). */
  possibleOnOthers: number;
  localeRight: number;
  /** Questions with a topic label, and how many got exactly that topic (top-1 accuracy). */
  answerable: number;
  answerableRight: number;
  /** Off-topic (`none`) questions, and how many were correctly handed off. */
  offTopic: number;
  offTopicAbstained: number;
  /** Messages given the 911 reply (for urgent precision). */
  urgentFlagged: number;
  misses: EvaluationMiss[];
}

/** Parses the TSV format of the eval sets: a header `expected\tlocale\ttext`, then one row per question. */
export function parseLabelledTsv(text: string): LabelledQuestion[] {
  const rows: LabelledQuestion[] = [];
  for (const line of text.split('\n').slice(1)) {
    if (line.trim().length === 0 || line.startsWith('#')) continue;
    const [expected, locale, ...rest] = line.split('\t');
    if (expected === undefined || locale === undefined || rest.length === 0) continue;
    rows.push({ expected: expected.trim(), locale: locale.trim(), text: rest.join('\t') });
  }
  return rows;
}

function outcome(decision: ReplyDecision): string {
  if (decision.kind === 'urgent') return 'urgent';
  return decision.kind === 'answer' && decision.topic !== null ? decision.topic : 'none';
}

export function evaluate(decider: ReplyDecider, questions: readonly LabelledQuestion[], emergency: ReplyEmergency | null): Evaluation {
  const result: Evaluation = { total: 0, correct: 0, answered: 0, answeredRight: 0, urgentTotal: 0, urgentCaught: 0, falseUrgent: 0, possibleOnOthers: 0, localeRight: 0, answerable: 0, answerableRight: 0, offTopic: 0, offTopicAbstained: 0, urgentFlagged: 0, misses: [] };
  for (const question of questions) {
    const decision = decider.decide(question.text, emergency);
    const got = outcome(decision);
    result.total++;
    if (got === question.expected) result.correct++;
    else result.misses.push({ question, got, confidence: decision.confidence });
    if (decision.locale === question.locale) result.localeRight++;
    if (got === 'urgent') result.urgentFlagged++;
    if (question.expected === 'none') {
      result.offTopic++;
      if (got === 'none') result.offTopicAbstained++;
    } else if (question.expected !== 'urgent') {
      result.answerable++;
      if (got === question.expected) result.answerableRight++;
    }
    if (question.expected === 'urgent') {
      result.urgentTotal++;
      if (decision.danger !== 'none') result.urgentCaught++;
    } else {
      if (got === 'urgent') result.falseUrgent++;
      if (decision.danger === 'possible') result.possibleOnOthers++;
    }
    if (got !== 'urgent' && got !== 'none') {
      result.answered++;
      if (got === question.expected) result.answeredRight++;
    }
  }
  return result;
}

const pct = (n: number, d: number): string => (d === 0 ? 'n/a' : `${((100 * n) / d).toFixed(1)}%`);

export function formatEvaluation(name: string, e: Evaluation): string {
  return [
    `${name}: ${e.total} questions`,
    `  correct decision     ${pct(e.correct, e.total)} (${e.correct}/${e.total})`,
    `  top-1 accuracy       ${pct(e.answerableRight, e.answerable)} on answerable questions (${e.answerableRight}/${e.answerable})`,
    `  answer precision     ${pct(e.answeredRight, e.answered)} (${e.answeredRight}/${e.answered} answers were the right topic)`,
    `  abstention           ${pct(e.offTopicAbstained, e.offTopic)} on off-topic questions (${e.offTopicAbstained}/${e.offTopic})`,
    `  urgent recall        ${pct(e.urgentCaught, e.urgentTotal)} (${e.urgentCaught}/${e.urgentTotal}, both tiers)`,
    `  false 911 replies    ${e.falseUrgent}; possible danger on the others ${pct(e.possibleOnOthers, e.total - e.urgentTotal)} (${e.possibleOnOthers})`,
    `  locale detected      ${pct(e.localeRight, e.total)}`,
  ].join('\n');
}
