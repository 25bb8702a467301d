import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Modules } from '../../src/app/load-modules.js';
import { loadConfig } from '../../src/config/load-config.js';
import type { ReplyEmergency } from '../../src/replies/decider.js';
import { englishFragments } from '../support/english-fragments.js';
import { loadShippedModules } from '../support/shipped-modules.js';

const config = loadConfig(path.resolve('config')).config;
const { signTexts } = config.city;
const others = config.city.languages.served.filter((l) => l !== config.city.defaultLocale);
/** Names said as they are in every language: the city, its agencies and services. */
const PROPER_NOUNS = [config.city.name, config.city.shortName ?? config.city.name, 'Philly311', 'ReadyPhiladelphia', 'ACCT', 'Philly', 'Philadelphia Parking Authority'];
const NOW = Date.UTC(2026, 0, 19, 23, 0);

let modules: Modules;
beforeAll(async () => {
  modules = await loadShippedModules();
});

/** Every state an answer or statement can be rendered in: normal times and each emergency type. */
function states(): (ReplyEmergency | null)[] {
  return [null, ...modules.emergencyTypes().map((type) => ({ type, params: { ...modules.defaultParams(type), trashDelayDays: 2 }, effectiveAt: NOW, expiresAt: NOW + 86_400_000, title: 'Winter Storm Warning' }))];
}

/** Every FAQ answer, the 911 lines, and every public statement a language says. */
function everything(language: string): { where: string; text: string }[] {
  const out: { where: string; text: string }[] = [];
  for (const emergency of states()) {
    const state = emergency?.type ?? 'normal';
    for (const topic of modules.faq.topics()) out.push({ where: `faq ${topic} (${state})`, text: modules.faq.answer(topic, language, emergency) });
    const phases = emergency === null ? (['normal'] as const) : (['active', 'ended'] as const);
    for (const phase of phases) for (const s of modules.statements.render(emergency?.type ?? null, phase, language, emergency)) out.push({ where: `statement ${state}/${phase} ${s.topic}`, text: s.text });
  }
  out.push({ where: '911 reply', text: modules.faq.answer('_urgent', language, null) });
  return out;
}

describe('no English fragment in any FAQ answer or public statement of the other served languages', () => {
  it.each(others)('%s: every answer of every topic in every state, the 911 reply, every statement', (language) => {
    const texts = everything(language);
    const found = texts.flatMap(({ where, text }) => {
      const problems = [...englishFragments(text, language, signTexts, PROPER_NOUNS), ...(/\{\{|\}\}|undefined|NaN/.test(text) ? ['{{…}}/undefined'] : [])];
      return problems.length === 0 ? [] : [`${where}: ${problems.join(', ')} in «${text}»`];
    });
    expect(found).toEqual([]);
    expect(texts.length).toBeGreaterThan(modules.faq.topics().length * 6);
  });
});
