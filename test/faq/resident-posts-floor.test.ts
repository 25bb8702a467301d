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

const score = (file: string) => evaluateTopics(modules.faq, parseLabelledTsv(fs.readFileSync(file, 'utf8')), snow).all;

// Floors, not targets: `npm run eval:faq` prints the measured numbers (README, "Measured"). The
// check slice is scored only after a round of changes is frozen; nothing is tuned on it.
describe('resident posts: a regression floor', () => {
  it('on the check slice: right topic, rants left alone, few confident wrong answers', () => {
    const t = score('eval/dev/faq-check-posts.tsv');
    expect(t.posts).toBeGreaterThanOrEqual(250);
    expect(t.answerableRight / t.answerable).toBeGreaterThanOrEqual(0.92);
    expect(t.offTopicLeftAlone / t.offTopic).toBeGreaterThanOrEqual(0.84);
    expect(t.confidentlyWrong / t.posts).toBeLessThanOrEqual(0.045);
  });

  it('on the dev set, every category included', () => {
    const t = score('eval/dev/faq-posts.tsv');
    expect(t.posts).toBeGreaterThanOrEqual(700);
    expect(t.answerableRight / t.answerable).toBeGreaterThanOrEqual(0.92);
    expect(t.offTopicLeftAlone / t.offTopic).toBeGreaterThanOrEqual(0.9);
    expect(t.confidentlyWrong / t.posts).toBeLessThanOrEqual(0.035);
  });
});
