import type { ReplyDecider, ReplyEmergency } from '../replies/decider.js';
import type { LabelledQuestion } from './evaluate.js';

/** What the FAQ topic matcher did on one slice of a labelled set (a category, a locale, or all of it). */
export interface TopicTally {
  /** Rows that are not `urgent` (urgent rows are the danger check's business). */
  posts: number;
  /** Rows labelled with a topic, and how many got exactly that topic's answer. */
  answerable: number;
  answerableRight: number;
  /** Rows labelled `none` (rants, off-topic), and how many were left alone (no FAQ answer). */
  offTopic: number;
  offTopicLeftAlone: number;
  /** Answers given with a topic other than the label (including any answer to a `none` row): the worst outcome. */
  confidentlyWrong: number;
  answered: number;
}

export interface TopicEvaluation {
  all: TopicTally;
  byCategory: Map<string, TopicTally>;
  byLocale: Map<string, TopicTally>;
  urgentTotal: number;
  urgentCaught: number;
  /** Rows not labelled `urgent` that got the 911 reply. */
  falseUrgent: number;
  misses: { question: LabelledQuestion; got: string; confidence: number }[];
}

const emptyTally = (): TopicTally => ({ posts: 0, answerable: 0, answerableRight: 0, offTopic: 0, offTopicLeftAlone: 0, confidentlyWrong: 0, answered: 0 });

function count(tally: TopicTally, expected: string, got: string): void {
  tally.posts++;
  const answered = got !== 'none' && got !== 'urgent';
  if (answered) tally.answered++;
  if (expected === 'none') {
    tally.offTopic++;
    if (!answered) tally.offTopicLeftAlone++;
  } else {
    tally.answerable++;
    if (got === expected) tally.answerableRight++;
  }
  if (answered && got !== expected) tally.confidentlyWrong++;
}

/**
 * Scores the decider on a labelled set the way residents meet it: right topic on answerable
 * posts, rants and off-topic posts left alone, and confident wrong answers, overall, per writing
 * category and per locale.
 */
export function evaluateTopics(decider: ReplyDecider, questions: readonly LabelledQuestion[], emergency: ReplyEmergency | null): TopicEvaluation {
  const result: TopicEvaluation = { all: emptyTally(), byCategory: new Map(), byLocale: new Map(), urgentTotal: 0, urgentCaught: 0, falseUrgent: 0, misses: [] };
  const slice = (map: Map<string, TopicTally>, key: string): TopicTally => {
    let tally = map.get(key);
    if (tally === undefined) map.set(key, (tally = emptyTally()));
    return tally;
  };
  for (const question of questions) {
    const decision = decider.decide(question.text, emergency);
    const got = decision.kind === 'urgent' ? 'urgent' : decision.kind === 'answer' && decision.topic !== null ? decision.topic : 'none';
    if (got !== question.expected) result.misses.push({ question, got, confidence: decision.confidence });
    if (question.expected === 'urgent') {
      result.urgentTotal++;
      if (got === 'urgent') result.urgentCaught++;
      continue;
    }
    if (got === 'urgent') result.falseUrgent++;
    count(result.all, question.expected, got);
    count(slice(result.byCategory, question.category ?? '(none)'), question.expected, got);
    count(slice(result.byLocale, question.locale), question.expected, got);
  }
  return result;
}

const pct = (n: number, d: number): string => (d === 0 ? '    -' : `${((100 * n) / d).toFixed(1).padStart(5)}%`);

function row(label: string, t: TopicTally): string {
  return `    ${label.padEnd(12)} ${String(t.posts).padStart(5)}   ${pct(t.answerableRight, t.answerable)} of ${String(t.answerable).padEnd(4)}   ${pct(t.offTopicLeftAlone, t.offTopic)} of ${String(t.offTopic).padEnd(4)}   ${pct(t.confidentlyWrong, t.posts)}`;
}

/** The report `npm run eval:faq` prints for one set. */
export function formatTopicEvaluation(name: string, e: TopicEvaluation): string {
  const { all } = e;
  const lines = [
    `${name}: ${all.posts} posts (${all.answerable} answerable, ${all.offTopic} rants/off-topic)${e.urgentTotal > 0 ? ` + ${e.urgentTotal} urgent` : ''}`,
    `  right topic          ${pct(all.answerableRight, all.answerable)} of answerable posts (${all.answerableRight}/${all.answerable})`,
    `  left alone           ${pct(all.offTopicLeftAlone, all.offTopic)} of rants and off-topic posts (${all.offTopicLeftAlone}/${all.offTopic})`,
    `  confidently wrong    ${pct(all.confidentlyWrong, all.posts)} of posts got a wrong topic's answer (${all.confidentlyWrong}/${all.posts})`,
    `  answer precision     ${pct(all.answered - all.confidentlyWrong, all.answered)} of answers given (${all.answered - all.confidentlyWrong}/${all.answered})`,
  ];
  if (e.urgentTotal > 0 || e.falseUrgent > 0) lines.push(`  urgent               ${e.urgentCaught}/${e.urgentTotal} caught, ${e.falseUrgent} false 911 replies`);
  const header = `    ${''.padEnd(12)} ${'posts'.padStart(5)}   ${'right topic'.padEnd(14)}   ${'left alone'.padEnd(14)}   wrong`;
  const sorted = (map: Map<string, TopicTally>) => [...map.entries()].sort((a, b) => b[1].posts - a[1].posts);
  if (e.byCategory.size > 1 || !e.byCategory.has('(none)')) lines.push('  by category', header, ...sorted(e.byCategory).map(([k, t]) => row(k, t)));
  lines.push('  by locale', header, ...sorted(e.byLocale).map(([k, t]) => row(k, t)));
  return lines.join('\n');
}
