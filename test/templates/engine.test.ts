import { describe, expect, it } from 'vitest';
import { TemplateEngine } from '../../src/templates/engine.js';

const engine = new TemplateEngine({ timeZone: 'America/New_York' });
const render = (source: string, context: Record<string, unknown>, locale = 'en', name = 'test.en.hbs') => engine.compile(source, name)(context, locale);
/** Intl may put a narrow no-break space before AM/PM depending on the ICU version. */
const plain = (text: string) => text.replace(/[\u202F\u00A0]/g, ' ');

describe('TemplateEngine', () => {
  describe('strict mode', () => {
    it('throws on a missing variable and names the template', () => {
      const compiled = engine.compile('Snow emergency in {{city.nmae}}.', 'templates/snow/status.en.hbs');
      expect(() => compiled({ city: { name: 'Philadelphia' } }, 'en')).toThrow(/^templates\/snow\/status\.en\.hbs: .*"nmae" not defined/);
    });

    it('throws on a missing top-level object rather than rendering a blank', () => {
      expect(() => render('Call {{city.phone311}}', {})).toThrow(/test\.en\.hbs/);
    });

    it('throws when a helper gets a missing parameter instead of posting "NaN" or "undefined"', () => {
      // Helper arguments are not covered by Handlebars' strict mode; the helpers must check them.
      expect(() => render('{{plural params.trashDelayDay "day" "days"}}', { params: { trashDelayDays: 2 } })).toThrow(/test\.en\.hbs: .*plural/);
      expect(() => render('{{link city.webiste}}', { city: { website: 'https://www.phila.gov' } })).toThrow(/test\.en\.hbs: .*link/);
      expect(() => render('{{datetime emergency.effectiveAtt}}', { emergency: { effectiveAt: 0 } })).toThrow(/test\.en\.hbs/);
      expect(() => render('{{date missing}}', {})).toThrow(/test\.en\.hbs/);
    });

    it('reports a syntax error at compile time with the template name', () => {
      expect(() => engine.compile('Hello {{#if city}}unterminated', 'broken.en.hbs')).toThrow(/^broken\.en\.hbs: /);
      expect(() => engine.compile('Hello {{city.name}', 'broken2.en.hbs')).toThrow(/^broken2\.en\.hbs: /);
    });

    it('trims surrounding whitespace from the rendered text', () => {
      expect(render('\n  Hello {{name}}  \n', { name: 'Philly' })).toBe('Hello Philly');
    });
  });

  describe('no HTML escaping', () => {
    it('keeps &, quotes, apostrophes, < and > as they are', () => {
      const value = `Tom & Jerry's "plan" <b>now</b> = \`x\``;
      expect(render('{{v}}', { v: value })).toBe(value);
      expect(render('{{{v}}}', { v: value })).toBe(value);
      expect(render('{{link u}}', { u: 'https://example.com/?a=1&b=<2>' })).toBe('https://example.com/?a=1&b=<2>');
    });
  });

  describe('date and time helpers in the city time zone', () => {
    // 2026-03-08: clocks in New York jump from 2:00 EST to 3:00 EDT.
    const beforeSpring = Date.UTC(2026, 2, 8, 6, 30); // 01:30 EST (UTC-5)
    const afterSpring = Date.UTC(2026, 2, 8, 7, 30); // 03:30 EDT (UTC-4)
    // 2026-11-01: clocks fall back from 2:00 EDT to 1:00 EST; 1:30 happens twice.
    const firstOneThirty = Date.UTC(2026, 10, 1, 5, 30); // 01:30 EDT
    const secondOneThirty = Date.UTC(2026, 10, 1, 6, 30); // 01:30 EST

    it('formats times across the spring-forward change', () => {
      expect(plain(render('{{time t}}', { t: beforeSpring }))).toBe('1:30 AM');
      expect(plain(render('{{time t}}', { t: afterSpring }))).toBe('3:30 AM');
      // One UTC hour apart, two wall-clock hours apart.
      expect(plain(render('{{datetime t}}', { t: beforeSpring }))).toBe('Sun, Mar 8, 1:30 AM');
      expect(plain(render('{{datetime t}}', { t: afterSpring }))).toBe('Sun, Mar 8, 3:30 AM');
    });

    it('formats times across the fall-back change', () => {
      expect(plain(render('{{time t}}', { t: firstOneThirty }))).toBe('1:30 AM');
      expect(plain(render('{{time t}}', { t: secondOneThirty }))).toBe('1:30 AM');
    });

    it('uses the city date, not the UTC date, near midnight', () => {
      // 03:00 UTC on Jan 20 is still the evening of Monday Jan 19 in New York.
      const t = Date.UTC(2026, 0, 20, 3, 0);
      expect(render('{{date t}}', { t })).toBe('Monday, January 19');
      expect(plain(render('{{datetime t}}', { t }))).toBe('Mon, Jan 19, 10:00 PM');
    });

    it('formats in the post locale', () => {
      expect(render('{{date t}}', { t: afterSpring }, 'es')).toBe('domingo, 8 de marzo');
      expect(plain(render('{{time t}}', { t: afterSpring }, 'es'))).toBe('3:30');
    });

    it('accepts ISO strings as well as epoch milliseconds', () => {
      expect(plain(render('{{time t}}', { t: '2026-03-08T07:30:00Z' }))).toBe('3:30 AM');
    });
  });

  describe('plural', () => {
    it('picks one/other by the locale rules', () => {
      const source = '{{plural n "day" "days"}}';
      expect(render(source, { n: 1 })).toBe('1 day');
      expect(render(source, { n: 2 })).toBe('2 days');
      expect(render(source, { n: 0 })).toBe('0 days');
      expect(render('{{plural n "día" "días"}}', { n: 1 }, 'es')).toBe('1 día');
      expect(render('{{plural n "día" "días"}}', { n: 3 }, 'es')).toBe('3 días');
    });

    it('accepts numeric strings (staff type parameters as text)', () => {
      expect(render('{{plural n "day" "days"}}', { n: '2' })).toBe('2 days');
    });

    it('refuses a count that is not a number', () => {
      expect(() => render('{{plural n "day" "days"}}', { n: 'two' })).toThrow(/plural/);
    });
  });

  describe('if_eq', () => {
    it('renders the block when equal and the else branch otherwise', () => {
      const source = '{{#if_eq kind "snow"}}Move your car.{{else}}Stay safe.{{/if_eq}}';
      expect(render(source, { kind: 'snow' })).toBe('Move your car.');
      expect(render(source, { kind: 'flood' })).toBe('Stay safe.');
    });
  });
});
