import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { playbookTopics } from '../../src/campaigns/playbook.js';
import { labelKeys } from '../../src/languages/language-checks.js';
import { englishFragments } from '../support/english-fragments.js';
import { shippedLanguageContent } from '../support/language-content.js';

const content = shippedLanguageContent();
const { campaigns, languages, texts } = content;
const config = loadConfig(path.resolve('config')).config;
const { signTexts } = config.city;
const properNouns = [config.city.name, config.city.shortName ?? config.city.name];
const NOW = Date.UTC(2026, 0, 19, 23, 0);
const others = languages.served().filter((l) => l !== languages.source);

/** Every public text a language says: each post of each playbook (as a reminder too), each label. */
function everything(language: string): { where: string; text: string }[] {
  const out: { where: string; text: string }[] = [];
  for (const playbook of campaigns.playbooks.values()) {
    // A feed's English title: it must never show in another language's post.
    const emergency = { type: playbook.type, title: 'Winter Storm Warning', effectiveAt: NOW, expiresAt: NOW + 86_400_000, params: { ...playbook.defaultParams, trashDelayDays: 2 }, revision: 1 };
    for (const topic of playbookTopics(playbook)) {
      const result = campaigns.campaignTexts.post(emergency, topic, language, NOW);
      out.push({ where: `${playbook.type}/${topic}`, text: 'text' in result ? `${campaigns.campaignTexts.stamp(NOW, language)} · ${result.text}` : `WITHHELD ${result.withheld}` });
    }
    out.push({ where: `title:${playbook.type}`, text: languages.emergencyTitle(playbook.type, language, 'Winter Storm Warning') });
  }
  for (const key of labelKeys(texts, languages.source)) out.push({ where: key, text: languages.label(language, key.slice('label:'.length), { title: languages.emergencyTitle('snow', language, 'Snow emergency') }) });
  out.push({ where: 'status page date', text: languages.formatDate(new Date(NOW).toISOString(), language, { dateStyle: 'medium', timeStyle: 'short' }) });
  return out;
}

describe('no English fragment in any non-English public text', () => {
  it('the scanner catches the fragments the old posts had', () => {
    expect(signTexts).toEqual(['Snow Emergency Route']);
    expect(englishFragments('🌀 Hurricane warning para Philadelphia desde lun', 'es', signTexts, properNouns)).toEqual(['Hurricane', 'warning']);
    expect(englishFragments('Alertas: text READYPHILA to 888-777.', 'es', signTexts)).toEqual(['text', 'to']);
    expect(englishFragments('Terminó the emergencia and you', 'es', signTexts)).toEqual(['the', 'and', 'you']);
    expect(englishFragments('Llame al 215-686-SNOW (215-686-7669), option 4', 'es', signTexts)).toEqual(['option']);
    expect(englishFragments('Simulacro (Snow emergency) en la calle', 'es', signTexts)).toEqual(['Snow', 'emergency']);
    expect(englishFragments('降雪 Monday, January 19', 'zh', signTexts)).toEqual(['Monday', 'January']);
    // Allowed as written: sign texts, URLs, hashtags, vanity numbers, agency and format names.
    expect(englishFragments('señales "Snow Emergency Route", https://www.phila.gov/snow-help #NoSavesies 215-686-SNOW SEPTA PECO (JSON)', 'es', signTexts)).toEqual([]);
  });

  it.each(others)('%s: every post of every playbook, every title and label', (language) => {
    const found = everything(language).flatMap(({ where, text }) => {
 const problems = [...englishFragments(text, language, signTexts, properNouns), ...(/\{\{|\}\}|undefined|NaN|WITHHELD/.test(text) ? ['{{…}}/undefined'] : [])];
      return problems.length === 0 ? [] : [`${where}: ${problems.join(', ')} in «${text}»`];
    });
    expect(found).toEqual([]);
    expect(everything(language).length).toBeGreaterThan(60);
  });
});
