import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ConfigProblem } from '../../src/config/config-error.js';
import { Matcher, OFF_TOPIC } from '../../src/faq/matcher.js';
import { readPostCues } from '../../src/faq/post-cues.js';

// A knowledge base small enough to train in a moment, with cue files of its own.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'matcher-languages-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
fs.writeFileSync(path.join(dir, 'en.yaml'), 'language: en\ncomplaint: [still]\nnegations: [not]\nquestionOpeners: [is, when]\n');
fs.writeFileSync(path.join(dir, 'pt.yaml'), 'language: pt\nthreshold: 0.99\ncomplaint: [ainda]\nnegations: [nao]\nquestionOpeners: [quando]\n');
const problems: ConfigProblem[] = [];
const cues = readPostCues(dir, problems);
const topics = [
  { id: 'trash.collection', examples: [], keywords: [], phrasesByLocale: { en: ['is trash pickup on today', 'when is trash collected'], pt: ['quando passa o lixo', 'a coleta de lixo passa hoje'] } },
  { id: 'schools.closures', examples: [], keywords: [], phrasesByLocale: { en: ['are schools closed', 'is school open tomorrow'], pt: ['as escolas fecham amanhã', 'tem aula hoje'] } },
  { id: OFF_TOPIC, examples: [], keywords: [], phrasesByLocale: { en: ['who won the game', 'tell me a joke'], pt: ['quem ganhou o jogo', 'me conta uma piada'] } },
];
const matcher = new Matcher(topics, 0.3, undefined, { cues });

describe('the matcher reads a post in its own language', () => {
  it('takes the language\'s own abstention threshold when it is higher than the configured one', () => {
    expect(problems).toEqual([]);
    expect(matcher.match('trash pickup today', 'en').topic).toBe('trash.collection');
    const pt = matcher.match('lixo passa hoje', 'pt');
    expect(pt.best).toBe('trash.collection');
    expect(pt.confidence).toBeLessThan(0.99);
    expect(pt.topic).toBeNull();
  });

  it('marks a complaint with the language\'s own cue words and negations', () => {
    const pt = new Matcher(topics, 0.3, undefined, { cues: readPostCues(dir, []) });
    // Without its threshold file the Portuguese post is answered; read as English, "ainda não" is nothing.
    fs.writeFileSync(path.join(dir, 'pt.yaml'), 'language: pt\ncomplaint: [ainda]\nnegations: [nao]\nquestionOpeners: [quando]\n');
    const answering = new Matcher(topics, 0.3, undefined, { cues: readPostCues(dir, []) });
    expect(answering.match('o lixo ainda não passou', 'pt')).toMatchObject({ topic: 'trash.collection', complaint: true });
    expect(answering.match('o lixo ainda não passou', 'en')).toMatchObject({ topic: 'trash.collection', complaint: false });
    expect(pt.match('o lixo ainda não passou', 'pt').topic).toBeNull();
  });
});
