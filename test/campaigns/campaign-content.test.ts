import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CampaignContent } from '../../src/campaigns/campaign-content.js';
import { playbookTopics } from '../../src/campaigns/playbook.js';
import type { Channel, ChannelLimits } from '../../src/channels/channel.js';
import { limitsByKind } from '../../src/channels/registry.js';
import { loadConfig } from '../../src/config/load-config.js';
import { TemplateEngine } from '../../src/templates/engine.js';
import { fitToChannel } from '../../src/templates/fit-to-channel.js';
import { measureLength } from '../../src/templates/measure-length.js';
import { buildTemplateContext } from '../../src/templates/template-context.js';

const config = loadConfig(path.resolve('config')).config;
const engine = new TemplateEngine({ timeZone: config.city.timeZone });
const NOW = Date.UTC(2026, 0, 19, 23, 0);
/** Every kind's declared limits, as `civicast validate` reads them from the registry. */
const PLATFORM_LIMITS = limitsByKind();

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
  const content = CampaignContent.load({ configDir: path.resolve('config'), templatesDir: path.resolve('templates'), engine, config, warnings });

  it('load without errors or locale fallbacks', () => {
    expect(content.types().sort()).toEqual(['cold', 'flood', 'heat', 'hurricane', 'snow']);
    expect(warnings).toEqual([]);
  });

  it('every playbook × topic × locale renders with default params and fits every platform', () => {
    let checked = 0;
    for (const playbook of content.playbooks.values()) {
      const context = buildTemplateContext({ type: playbook.type, title: content.titleFor(playbook.type, 'en'), effectiveAt: NOW, params: content.defaultParams(playbook.type), revision: 1 }, config.city, NOW);
      for (const topic of playbookTopics(playbook)) {
        for (const locale of playbook.locales) {
          const { text, locale: rendered } = content.templates.render(playbook.type, topic, locale, context);
          const label = `${playbook.type}/${topic}.${locale}`;
          expect(rendered, label).toBe(locale);
          expect(text.length, label).toBeGreaterThan(0);
          expect(text, label).not.toMatch(/undefined|NaN|Invalid Date|\{\{|\}\}/);
          for (const [platform, limits] of Object.entries(PLATFORM_LIMITS)) {
            const parts = fitToChannel(text, limits);
            expect(parts.length, `${label} on ${platform}`).toBeLessThanOrEqual(limits.maxThreadParts);
            for (const part of parts) expect(measureLength(part, limits.lengthRule), `${label} on ${platform}`).toBeLessThanOrEqual(limits.maxLength);
            checked++;
          }
        }
      }
    }
    expect(checked).toBeGreaterThanOrEqual(5 * 4 * 2 * 4);
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
        for (const locale of playbook.locales) {
          for (const channel of channels.keys()) {
            expect(rows.filter((r) => r.phase === phase && r.topic === topic && r.locale === locale && r.channel === channel), `${phase} ${topic} ${locale} ${channel}`).toHaveLength(1);
          }
        }
      }
    }
    expect(rows).toHaveLength(phases.reduce((n, [, topics]) => n + topics.length, 0) * playbook.locales.length * channels.size);
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
      const params = { ...content.defaultParams(playbook.type) };
      const context = buildTemplateContext({ type: playbook.type, title, effectiveAt: NOW, params, revision: 9 }, config.city, NOW);
      for (const topic of playbookTopics(playbook)) {
        for (const locale of playbook.locales) {
          const { text } = content.templates.render(playbook.type, topic, locale, context);
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
