import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { TemplateEngine } from '../../src/templates/engine.js';
import { buildTemplateContext } from '../../src/templates/template-context.js';

const city = loadConfig(path.resolve('config')).config.city;
const engine = new TemplateEngine({ timeZone: city.timeZone });
const NOW = Date.UTC(2026, 0, 19, 23, 0);

const contextFor = (title: string, params: Record<string, string | number | boolean> = {}) =>
  buildTemplateContext({ type: 'snow', title, effectiveAt: NOW, params, revision: 2 }, city, NOW);

/** Anything a platform could turn into a ping, or Handlebars into an expression. */
const MENTION_OR_SYNTAX = /@|\{\{|\}\}/;
// eslint-disable-next-line no-control-regex -- the point is to find control characters
const CONTROL_OR_BIDI = /[\u0000-\u001F\u007F-\u009F\u200E\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/;

describe('buildTemplateContext', () => {
  it('exposes the city, its facts, the emergency and params', () => {
    const ctx = contextFor('Snow emergency', { trashDelayDays: 2, towRoutes: 'Broad St' });
    expect(ctx.city).toMatchObject({ name: 'Philadelphia', shortName: 'Philly', website: 'https://www.phila.gov' });
    expect(ctx.emergency).toMatchObject({ type: 'snow', title: 'Snow emergency', effectiveAt: NOW, revision: 2 });
    expect(ctx.params).toEqual({ trashDelayDays: 2, towRoutes: 'Broad St' });
    expect(ctx.emergency.params).toBe(ctx.params);
    expect(ctx.now).toBe(NOW);
  });

  it('defaults the revision to 0 and leaves expiresAt out when unknown', () => {
    const ctx = buildTemplateContext({ type: 'snow', title: 't', effectiveAt: NOW, params: {} }, city, NOW);
    expect(ctx.emergency.revision).toBe(0);
    expect('expiresAt' in ctx.emergency).toBe(false);
  });

  describe('neutralises feed text', () => {
    const hostile =
      '@everyone WINTER STORM @user <@123456789> <@&42> {{city.name}} {{#each city}}{{this}}{{/each}}' +
      ' \u202Eevil\u202C \u2066iso\u2069 \u200Fx\u200E bell\u0007 nul\u0000 del\u007F c1\u0085 bom\uFEFF\r\n\tnext line';

    it('removes mentions, mass pings, template syntax, control and bidi characters from the title', () => {
      const { title } = contextFor(hostile).emergency;
      expect(title).not.toMatch(MENTION_OR_SYNTAX);
      expect(title).not.toMatch(CONTROL_OR_BIDI);
      expect(title).not.toMatch(/\n|\r|\t/);
      // The words stay readable: the sign becomes a full-width one no platform links.
      expect(title).toContain('＠everyone');
      expect(title).toContain('＠user');
      expect(title).toContain('WINTER STORM');
      expect(title).toContain('next line');
    });

    it('neutralises string params the same way and keeps numbers and booleans as they are', () => {
      const ctx = contextFor('Snow', { towRoutes: hostile, trashDelayDays: 3, schoolsClosed: true });
      const towRoutes = ctx.params.towRoutes;
      expect(typeof towRoutes).toBe('string');
      expect(String(towRoutes)).not.toMatch(MENTION_OR_SYNTAX);
      expect(String(towRoutes)).not.toMatch(CONTROL_OR_BIDI);
      expect(ctx.params.trashDelayDays).toBe(3);
      expect(ctx.params.schoolsClosed).toBe(true);
    });

    it('caps a 10 KB title and 10 KB params at 200 characters', () => {
      const huge = 'Winter storm warning. '.repeat(500); // ~11 KB
      expect(huge.length).toBeGreaterThan(10_000);
      const ctx = contextFor(huge, { note: huge });
      expect(ctx.emergency.title.length).toBeLessThanOrEqual(200);
      expect(ctx.emergency.title.endsWith('…')).toBe(true);
      expect(String(ctx.params.note).length).toBeLessThanOrEqual(200);
      expect(String(ctx.params.note).startsWith('Winter storm warning.')).toBe(true);
    });

    it('caps a 10 KB run of mentions without leaving any mention behind', () => {
      const ctx = contextFor('@everyone '.repeat(1100));
      expect(ctx.emergency.title.length).toBeLessThanOrEqual(200);
      expect(ctx.emergency.title).not.toContain('@');
    });

    it('keeps at most three stacked combining marks (zalgo)', () => {
      // "x" has no precomposed accented forms, so NFC leaves the marks as they are.
      const zalgo = 'x' + '\u0301\u0302\u0303\u0304\u0305\u0306\u0307' + 'now';
      const { title } = contextFor(zalgo).emergency;
      expect(title).toBe('x\u0301\u0302\u0303now');
    });
  });

  describe('template syntax from outside is never evaluated', () => {
    it('renders a title or param holding template syntax as inert text', () => {
      const template = engine.compile('{{emergency.title}} | {{params.towRoutes}}', 'status.en.hbs');
      const text = template(contextFor('{{city.name}} {{city.phone311}}', { towRoutes: '{{#each city}}{{this}}{{/each}} {{{city.website}}}' }), 'en');
      expect(text).not.toContain('Philadelphia');
      expect(text).not.toContain('215-686-8686');
      expect(text).not.toContain('https://www.phila.gov');
      expect(text).toContain('city.name');
      expect(text).toContain('city.website');
    });

    it('does not evaluate helpers or partials smuggled into params', () => {
      const template = engine.compile('Routes: {{params.towRoutes}}', 'status.en.hbs');
      const text = template(contextFor('Snow', { towRoutes: '{{datetime now}} {{> evil}} {{lookup city "name"}}' }), 'en');
      expect(text).not.toMatch(/\d{1,2}:\d\d/);
      expect(text).not.toContain('Philadelphia');
      expect(text.startsWith('Routes: ')).toBe(true);
    });
  });
});
