import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/config-error.js';
import { loadKnowledgeBase, REQUIRED_TOPICS } from '../../src/faq/knowledge-base.js';
import { TemplateEngine } from '../../src/templates/engine.js';

const engine = new TemplateEngine({ timeZone: 'America/New_York' });

/** A copy of the shipped knowledge base with one file replaced or removed. */
function kbWith(changes: Record<string, string | null>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'civicast-faq-'));
  fs.cpSync(path.resolve('faq'), dir, { recursive: true });
  for (const [name, text] of Object.entries(changes)) {
    if (text === null) fs.rmSync(path.join(dir, name));
    else fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

function problemsOf(dir: string): string[] {
  try {
    loadKnowledgeBase(dir, engine);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems.map((p) => `${path.basename(p.file)}|${p.path}|${p.message}`);
  }
  throw new Error('expected the knowledge base to be rejected');
}

describe('knowledge base', () => {
  it('loads every required topic with English and Spanish answers', () => {
    const kb = loadKnowledgeBase(path.resolve('faq'), engine);
    expect(kb.topics.map((t) => t.id).sort()).toEqual([...REQUIRED_TOPICS].sort());
    for (const topic of kb.topics) {
      expect(topic.answers.get('default')?.has('en'), topic.id).toBe(true);
      expect(topic.answers.get('default')?.has('es'), topic.id).toBe(true);
      // Hundreds of phrasings per topic: residents' words, not one canonical question.
      expect(topic.examples.length, topic.id).toBeGreaterThanOrEqual(100);
    }
  });

  it('refuses an acknowledgement with template syntax, naming file and field', () => {
    const file = fs.readFileSync(path.resolve('faq/snow-plowing.yaml'), 'utf8').replace('en: "Sorry for the wait."', 'en: "Sorry {{city.name}}"');
    expect(problemsOf(kbWith({ 'snow-plowing.yaml': file })).some((p) => p.startsWith('snow-plowing.yaml|acknowledge.en|'))).toBe(true);
  });

  it('names the file, path and field of a missing Spanish answer', () => {
    const dir = kbWith({ 'power-outage.yaml': 'id: power.outage\nexamples:\n  en: [power is out]\nanswers:\n  default:\n    en: "Call PECO at 1-800-841-4141."\n' });
    expect(problemsOf(dir)).toContain('power-outage.yaml|answers.default.es|every topic needs a es answer');
  });

  it('rejects unknown fields, bad ids and a broken template, each with its place', () => {
    const dir = kbWith({
      'power-outage.yaml': 'id: Power Outage\nexampels: {}\nexamples:\n  en: [power is out]\nanswers:\n  default:\n    en: "Call {{#if}} PECO now please"\n    es: "Llame a PECO al 1-800-841-4141."\n',
    });
    const problems = problemsOf(dir);
    expect(problems.some((p) => p.startsWith('power-outage.yaml|id|'))).toBe(true);
    expect(problems.some((p) => p.startsWith('power-outage.yaml|') && p.includes('exampels'))).toBe(true);
  });

  it('reports a missing required topic and a missing 911 reply', () => {
    const problems = problemsOf(kbWith({ 'parking-towed.yaml': null, '_urgent.yaml': null }));
    expect(problems.some((p) => p.endsWith('|parking.towed|required topic is missing'))).toBe(true);
    expect(problems.some((p) => p.startsWith('_urgent.yaml|') && p.includes('911'))).toBe(true);
  });

  it('keeps the review status of drafted translations, and names a bad one', () => {
    const kb = loadKnowledgeBase(path.resolve('faq'), engine);
    expect(kb.urgent.drafts.has('fr')).toBe(true);
    // Spanish was reviewed before the crisis-line text was drafted: a topic's language is reviewed whole.
    expect(kb.urgent.drafts.has('es')).toBe(true);
    expect(kb.urgent.drafts.has('en')).toBe(false);
    expect(kb.urgent.answers.get('self_harm')?.size).toBe(10);
    expect(kb.urgent.answers.get('possible')?.size).toBe(10);
    expect(kb.urgent.answers.get('interpreter')?.has('ko')).toBe(true);
    const urgent = fs.readFileSync(path.resolve('faq/_urgent.yaml'), 'utf8');
    const problems = problemsOf(kbWith({ '_urgent.yaml': urgent.replace('  fr: draft', '  fr: maybe').replace(/ {2}possible:\n {4}en: [^\n]*\n/, '  possible:\n') }));
    expect(problems).toEqual(expect.arrayContaining([expect.stringMatching(/^_urgent\.yaml\|review\.fr\|/)]));
  });

  it('reports invalid YAML with the file name', () => {
    const problems = problemsOf(kbWith({ 'flooding.yaml': 'id: flooding\nexamples: [unclosed\n' }));
    expect(problems.some((p) => p.startsWith('flooding.yaml|'))).toBe(true);
  });
});
