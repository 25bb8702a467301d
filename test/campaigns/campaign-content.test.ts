import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { limitsByKind } from '../../src/channels/registry.js';
import { playbookTopics } from '../../src/campaigns/playbook.js';
import type { Channel, ChannelLimits } from '../../src/channels/channel.js';
import { loadConfig } from '../../src/config/load-config.js';
import { fitToChannel } from '../../src/templates/fit-to-channel.js';
import { measureLength } from '../../src/templates/measure-length.js';
import { shippedLanguageContent } from '../support/language-content.js';

/** Every kind's declared limits, as `civicast validate` reads them from the registry. */
const PLATFORM_LIMITS = limitsByKind();
const config = loadConfig(path.resolve('config')).config;
const SERVED = config.city.languages.served;
const NOW = Date.UTC(2026, 0, 19, 23, 0);

/** A channel that only carries limits: planning and preview read nothing else. */
function stubChannel(name: string, limits: ChannelLimits): Channel {
  return {
    name,
    kind: name,
    limits,
    start: async () => undefined,
    close: async () => undefined,
    publish: async () => ({ id: 'never' }),
    lookup: async () => ({ found: false }),
    health: () => ({ state: 'ok', since: 0 }),
  };
}
const channels = new Map(Object.entries(PLATFORM_LIMITS).map(([name, limits]) => [name, stubChannel(name, limits)]));
const resolve = (names: string[]) => (names.includes('all') ? [...channels.keys()] : names);

describe('shipped playbooks and templates (what `civicast validate` relies on)', () => {
  const warnings: string[] = [];
  const languageContent = shippedLanguageContent({ warnings });
  const content = languageContent.campaigns;

  it('load without problems, warnings or languages left out', () => {
    expect(content.types().sort()).toEqual(['cold', 'flood', 'heat', 'hurricane', 'snow']);
    expect(languageContent.problems).toEqual([]);
    expect(warnings).toEqual([]);
    for (const playbook of content.playbooks.values()) expect(content.languages(playbook)).toEqual(SERVED);
  });

  it('every playbook × topic × served language renders in that language with default params and fits every platform', () => {
    let checked = 0;
    for (const playbook of content.playbooks.values()) {
      const emergency = { type: playbook.type, title: 'Winter Storm Warning', effectiveAt: NOW, params: content.defaultParams(playbook.type), revision: 1 };
      const english = new Map(playbookTopics(playbook).map((topic) => [topic, content.templates.render(playbook.type, topic, 'en', content.contextFor(emergency, 'en', NOW))]));
      for (const topic of playbookTopics(playbook)) {
        for (const locale of content.languages(playbook)) {
          const result = content.campaignTexts.post(emergency, topic, locale, NOW);
          const label = `${playbook.type}/${topic}.${locale}`;
          if (!('text' in result)) throw new Error(`${label} withheld: ${result.withheld}`);
          const text = result.text;
          expect(text.length, label).toBeGreaterThan(0);
          expect(text, label).not.toMatch(/undefined|NaN|Invalid Date|\{\{|\}\}/);
          if (locale !== 'en') {
            expect(text, `${label} is not the English text`).not.toBe(english.get(topic));
            // The feed's English title never reaches another language's post.
            expect(text, label).not.toContain('Winter Storm Warning');
          }
          for (const [platform, limits] of Object.entries(PLATFORM_LIMITS)) {
            const parts = fitToChannel(text, limits);
            expect(parts.length, `${label} on ${platform}`).toBeLessThanOrEqual(limits.maxThreadParts);
            for (const part of parts) expect(measureLength(part, limits.lengthRule), `${label} on ${platform}`).toBeLessThanOrEqual(limits.maxLength);
            checked++;
          }
        }
      }
    }
    expect(checked).toBe(30 * SERVED.length * Object.keys(PLATFORM_LIMITS).length);
  });

  it.each(['snow', 'hurricane', 'flood', 'heat', 'cold'])('preview of %s covers every phase, topic, locale and platform within the limit', (type) => {
    const playbook = content.playbooks.get(type);
    if (playbook === undefined) throw new Error(`no ${type} playbook`);
    const rows = content.preview(type, {}, channels, resolve, NOW);
    const phases: [string, string[]][] = [
      ['declare', playbook.onDeclare.map((s) => s.topic)],
      ['reminder', playbook.reminders[0]?.topics ?? []],
      ['update', playbook.onUpdate.map((s) => s.topic)],
      ['lift', playbook.onLift.map((s) => s.topic)],
    ];
    for (const [phase, topics] of phases) {
      for (const topic of topics) {
        for (const locale of SERVED) {
          for (const channel of channels.keys()) {
            expect(rows.filter((r) => r.phase === phase && r.topic === topic && r.locale === locale && r.channel === channel), `${phase} ${topic} ${locale} ${channel}`).toHaveLength(1);
          }
        }
      }
    }
    expect(rows).toHaveLength(phases.reduce((n, [, topics]) => n + topics.length, 0) * SERVED.length * channels.size);
    for (const row of rows) {
      const limits = PLATFORM_LIMITS[row.channel] as ChannelLimits;
      expect(row.limit).toBe(limits.maxLength);
      expect(row.length, `${row.phase} ${row.topic} ${row.locale} ${row.channel}`).toBeLessThanOrEqual(row.limit);
      expect(row.parts.length).toBeLessThanOrEqual(limits.maxThreadParts);
      expect(row.length).toBe(Math.max(...row.parts.map((p) => measureLength(p, limits.lengthRule))));
    }
  });

  it('preview filters by locale and channel and applies param overrides', () => {
    const rows = content.preview('snow', { locale: 'es', channel: 'bluesky', params: { trashDelayDays: 3 } }, channels, resolve, NOW);
    expect(rows.length).toBeGreaterThan(0);
    expect(new Set(rows.map((r) => `${r.locale}/${r.channel}`))).toEqual(new Set(['es/bluesky']));
    expect(rows.find((r) => r.phase === 'update')?.parts.join(' ')).toContain('3 días');
  });

  it('every shipped template still fits with the longest title and params a feed can supply', () => {
    // Neutralised feed text is capped at 200 characters; CJK with no spaces is the worst case for X.
    const title = '暴风雪警告'.repeat(60);
    for (const playbook of content.playbooks.values()) {
      const emergency = { type: playbook.type, title, effectiveAt: NOW, params: { ...content.defaultParams(playbook.type) }, revision: 9 };
      for (const topic of playbookTopics(playbook)) {
        for (const locale of SERVED) {
          const result = content.campaignTexts.post(emergency, topic, locale, NOW);
          const text = 'text' in result ? result.text : '';
          for (const [platform, limits] of Object.entries(PLATFORM_LIMITS)) {
            expect(() => fitToChannel(text, limits), `${playbook.type}/${topic}.${locale} on ${platform}`).not.toThrow();
          }
        }
      }
    }
  });

  it('refuses to preview an unknown type, naming the known ones', () => {
    expect(() => content.preview('tornado', {}, channels, resolve, NOW)).toThrow(/no playbook for "tornado" \(known: .*snow/);
  });
});
