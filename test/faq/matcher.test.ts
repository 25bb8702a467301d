import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Modules } from '../../src/app/load-modules.js';
import { loadKnowledgeBase } from '../../src/faq/knowledge-base.js';
import { commonWords } from '../../src/faq/known-words.js';
import { matcherTopics } from '../../src/faq/faq-service.js';
import { Matcher, type TopicExamples } from '../../src/faq/matcher.js';
import type { ReplyEmergency } from '../../src/replies/decider.js';
import { TemplateEngine } from '../../src/templates/engine.js';
import { loadShippedModules } from '../support/shipped-modules.js';

// Posts written for these tests, not taken from the knowledge base or the labelled sets.
let modules: Modules;
let topics: TopicExamples[];
let matcher: Matcher;
let snow: ReplyEmergency;
beforeAll(async () => {
  modules = await loadShippedModules();
  const kb = loadKnowledgeBase(path.resolve('faq'), new TemplateEngine({ timeZone: 'America/New_York' }));
  // The same topics the service trains on: the model is trained once for both.
  topics = matcherTopics(kb);
  matcher = new Matcher(topics, 0.55, commonWords(), { cues: kb.cues });
  snow = { type: 'snow', params: { ...modules.defaultParams('snow'), trashDelayDays: 2 }, effectiveAt: Date.now(), title: 'Snow Emergency' };
});

const story = "Okay so we got back from my cousin's in Jersey late last night and the whole street was buried, took me an hour to find a spot and I finally squeezed in on Wolf Street. Kids are loving it.";

describe('the matcher reads the whole post', () => {
  it('lets the question sentence of a long post decide, not the story around it', () => {
    const best = (text: string) => matcher.explain(text)[0]?.topic;
    expect(best(`${story} Anyway, is Wolf Street one of the snow emergency routes or am I fine where I am?`)).toBe('parking.move_car');
    expect(best(`${story} Anyway, what day is trash pickup this week with the delay?`)).toBe('trash.collection');
    // The same two sentences, either one asking: the question leads.
    expect(best('The trash from Tuesday is still frozen in the cans. Is Wolf Street a snow emergency route?')).toBe('parking.move_car');
    expect(best('Wolf Street is a snow emergency route. Is the trash from Tuesday going to be picked up this week?')).toBe('trash.collection');
  });

  it('sends complaints to the topic that can help, with an acknowledgement and where to report', () => {
    const missed = modules.faq.decide('recycling bin has been sitting at the curb since last Wednesday and nobody has touched it', snow);
    expect(missed).toMatchObject({ kind: 'answer', topic: 'trash.missed' });
    expect(missed.reply).toMatch(/^Sorry/);
    expect(missed.reply).toMatch(/311/);
    expect(missed.reply).toMatch(/2 days behind/);
    expect(matcher.match('a city plow took a chunk out of my front steps this morning').topic).toBe('snow.plow_damage');
    const plowing = modules.faq.decide('still no sign of a plow on our block smh', snow);
    expect(plowing.topic).toBe('snow.plowing');
    expect(plowing.reply).toMatch(/^Sorry for the wait\. /);
    expect(plowing.reply).toMatch(/report it to 311/);
  });

  it('acknowledges only posts that state a complaint, not questions that say "still"', () => {
    const question = modules.faq.decide('are the buses still running this afternoon?', snow);
    expect(question.topic).toBe('transit.service');
    expect(question.reply).not.toMatch(/^Sorry/);
    expect(matcher.match('are the buses still running this afternoon?').complaint).toBe(false);
    const complaint = matcher.match('the 47 bus never showed up this morning, waited an hour at the stop');
    expect(complaint).toMatchObject({ topic: 'transit.service', complaint: true });
  });

  it('reads a negation: "did not pick up" is a missed collection, "pick up" a schedule question', () => {
    expect(matcher.match('they did not pick up our trash').topic).toBe('trash.missed');
    expect(matcher.match('when do they pick up trash this week').topic).toBe('trash.collection');
  });

  it('leaves rants and off-topic posts alone', () => {
    for (const text of ['honestly the way this city handles snow is embarrassing', 'PPA is a racket and always will be', 'snow again?? i give up on this city lol', 'best city in the world, worst snow removal', 'who do you think wins the super bowl this year']) {
      const result = matcher.match(text);
      expect(result.topic, text).toBeNull();
      expect(modules.faq.decide(text, snow).kind, text).toBe('handoff');
    }
  });

  it.each([
    ['is there a text message list that tells you when a snow emergency starts', 'alerts.signup'],
    ['a city plow took a chunk out of my front steps this morning', 'snow.plow_damage'],
    ['the landlord next door has left his sidewalk iced over all week, who can I report him to', 'snow.sidewalk_report'],
    ['recycling bin has been sitting at the curb since last Wednesday and nobody has touched it', 'trash.missed'],
    ["my apartment has no air conditioning and it's 97 out, is there somewhere cool i can sit", 'shelter.cooling_centers'],
    ['will the shelter let me bring my two dogs if we have to leave', 'shelter.pets'],
    ["how much longer until PECO gets our lights back on, it's been a full day", 'power.restoration'],
    ['se llevó la grúa mi camioneta de la avenida, ¿dónde la recojo?', 'parking.towed'],
  ])('names the finer topic: %s', (text, topic) => {
    const result = matcher.match(text);
    expect(result.topic).toBe(topic);
    expect(result.confidence).toBeGreaterThan(0.55);
  });

  it('knows nothing of a post with no known word, and never crashes on hostile text', () => {
    expect(matcher.match('')).toEqual({ topic: null, confidence: 0, best: null, complaint: false });
    expect(matcher.match('🙃🙃🙃 ...').topic).toBeNull();
    for (const text of ['x'.repeat(100_000), 'trash. '.repeat(5000), '\u0000\u202E?!?!'.repeat(300), '。'.repeat(3000)]) {
      const result = matcher.match(text);
      expect(result.confidence).toBeGreaterThanOrEqual(0);
      expect(result.confidence).toBeLessThanOrEqual(1);
    }
  });

  it('gives the same decisions and confidences for the same knowledge base, trained once per process', () => {
    const again = new Matcher(topics, 0.55, commonWords());
    for (const text of [`${story} Anyway, where can I park?`, 'they did not pick up our trash', 'is school closed tomorrow']) expect(again.match(text)).toEqual(matcher.match(text));
    // A different knowledge base is trained on its own.
    const fewer = new Matcher(topics.map((t) => (t.id === 'transit.service' ? { id: t.id, examples: t.examples.slice(0, 20), keywords: t.keywords } : t)), 0.55, commonWords());
    expect(fewer.explain('are the buses running today')[0]?.probability).not.toBe(matcher.explain('are the buses running today')[0]?.probability);
  });

  it('explains a decision with every class, probabilities summing to one', () => {
    const classes = matcher.explain('where did they take my car from the snow route');
    expect(classes[0]?.topic).toBe('parking.towed');
    expect(classes).toHaveLength(topics.length);
    expect(classes.reduce((sum, c) => sum + c.probability, 0)).toBeCloseTo(1, 9);
  });
});
