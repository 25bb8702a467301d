import fs from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Modules } from '../../src/app/load-modules.js';
import { parseLabelledTsv } from '../../src/faq/evaluate.js';
import { evaluateTopics } from '../../src/faq/topic-evaluation.js';
import type { ReplyEmergency } from '../../src/replies/decider.js';
import { loadShippedModules } from '../support/shipped-modules.js';

let modules: Modules;
let snow: ReplyEmergency;
beforeAll(async () => {
  modules = await loadShippedModules();
  snow = { type: 'snow', params: modules.defaultParams('snow'), effectiveAt: Date.now(), title: 'Snow Emergency' };
});

/**
 * A reply is only ever in the asker's language, so posts in a language whose answers are not
 * written yet go to staff by design: the floor counts the languages that have every answer.
 */
const score = (file: string) => evaluateTopics(modules.faq, parseLabelledTsv(fs.readFileSync(file, 'utf8')).filter((q) => modules.faq.answeredLocales().includes(q.locale)), snow).all;

// Floors, not targets: `npm run eval:faq` prints the measured numbers (README, "Measured"). The
// check slice is scored only after a round of changes is frozen; nothing is tuned on it.
describe('resident posts: a regression floor', () => {
  it.each([
    // The check slice: scored after a round of changes is frozen.
    { file: 'eval/dev/faq-check-posts.tsv', posts: 250, right: 0.92, leftAlone: 0.84, wrong: 0.045 },
    // The dev set, every category included.
    { file: 'eval/dev/faq-posts.tsv', posts: 700, right: 0.92, leftAlone: 0.9, wrong: 0.035 },
  ])('$file: right topic, rants left alone, few confident wrong answers', ({ file, posts, right, leftAlone, wrong }) => {
    const t = score(file);
    expect(t.posts).toBeGreaterThanOrEqual(posts);
    expect(t.answerableRight / t.answerable).toBeGreaterThanOrEqual(right);
    expect(t.offTopicLeftAlone / t.offTopic).toBeGreaterThanOrEqual(leftAlone);
    expect(t.confidentlyWrong / t.posts).toBeLessThanOrEqual(wrong);
  });
});
