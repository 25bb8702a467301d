import Handlebars from 'handlebars';
import { formatLocalDate, type Calendars } from './local-dates.js';

export type TemplateContext = Record<string, unknown>;

/** A compiled template: renders plain text for one locale. */
export type CompiledTemplate = (context: TemplateContext, locale: string) => string;

export interface TemplateEngineOptions {
  /** IANA time zone of the city, for date and time helpers. */
  timeZone: string;
  /** Day and month names of the languages `Intl` does not know (locales/<lang>.yaml). */
  calendars?: Calendars;
}

const PLURAL_CATEGORIES = ['zero', 'one', 'two', 'few', 'many', 'other'] as const;

const plurals = new Map<string, Intl.PluralRules>();

/** One `Intl.PluralRules` per language: each holds ICU memory the garbage collector barely sees. */
function pluralRules(locale: string): Intl.PluralRules {
  let rules = plurals.get(locale);
  if (rules === undefined) {
    rules = new Intl.PluralRules(locale);
    if (plurals.size > 100) plurals.clear();
    plurals.set(locale, rules);
  }
  return rules;
}

/**
 * Handlebars set up for social posts: strict (a missing variable throws instead of leaving a
 * blank in a public post), no HTML escaping (posts are plain text, "&" must stay "&"), and
 * helpers that format in the city's time zone and the post's locale.
 */
export class TemplateEngine {
  private readonly hbs: typeof Handlebars;

  constructor(private readonly options: TemplateEngineOptions) {
    this.hbs = Handlebars.create();
    this.registerHelpers();
  }

  /** Compiles at start-up; throws an Error naming `name` on a syntax error. */
  compile(source: string, name: string): CompiledTemplate {
    let template: Handlebars.TemplateDelegate;
    try {
      template = this.hbs.compile(source, { strict: true, noEscape: true, preventIndent: true });
      // Force parsing now so syntax errors surface at boot, not on the first emergency.
      this.hbs.precompile(source, { strict: true });
    } catch (error) {
      throw new Error(`${name}: ${(error as Error).message}`, { cause: error });
    }
    return (context, locale) => {
      try {
        return template(context, { data: { locale } }).trim();
      } catch (error) {
        throw new Error(`${name}: ${(error as Error).message}`, { cause: error });
      }
    };
  }

  private registerHelpers(): void {
    const { timeZone, calendars } = this.options;
    const format = (value: Date, locale: string, options: Intl.DateTimeFormatOptions) => formatLocalDate(value, locale, { timeZone, ...options }, calendars);
    const localeOf = (options: Handlebars.HelperOptions): string => {
      const data = options.data as { locale?: string } | undefined;
      return data?.locale ?? 'en';
    };
    // Handlebars' strict mode does not cover helper arguments: a misspelt one arrives as undefined,
    // so helpers refuse it rather than post "Invalid Date", "NaN days" or "undefined".
    const toDate = (value: unknown, helper: string): Date => {
      const date = new Date(typeof value === 'number' || typeof value === 'string' ? value : NaN);
      if (Number.isNaN(date.getTime())) throw new Error(`${helper}: expected a time, got ${String(value)}`);
      return date;
    };

    /** {{date effectiveAt}} → "Sunday, January 19" in the city's time zone. */
    this.hbs.registerHelper('date', (value: unknown, options: Handlebars.HelperOptions) => format(toDate(value, 'date'), localeOf(options), { weekday: 'long', month: 'long', day: 'numeric' }));
    /** {{time effectiveAt}} → "9:00 PM" / "21:00" by locale. */
    this.hbs.registerHelper('time', (value: unknown, options: Handlebars.HelperOptions) => format(toDate(value, 'time'), localeOf(options), { hour: 'numeric', minute: '2-digit' }));
    /** {{datetime effectiveAt}} → date and time together. */
    this.hbs.registerHelper('datetime', (value: unknown, options: Handlebars.HelperOptions) =>
      format(toDate(value, 'datetime'), localeOf(options), { weekday: 'short', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' }),
    );
    /**
     * {{plural n "day" "days"}} picks by the locale's plural rules (one, or other) and prints
     * "2 days"; languages with more forms name them: {{plural n one="день" few="дня" many="дней"
     * other="дня"}}. When the forms place the number themselves with `#` (Arabic says "يومين",
     * two days, with no digit), each form is printed as written: two="يومين" few="# أيام".
     */
    this.hbs.registerHelper('plural', (count: unknown, ...rest: unknown[]) => {
      const options = rest.pop() as Handlebars.HelperOptions;
      const n = typeof count === 'number' || typeof count === 'string' ? Number(count) : NaN;
      if (!Number.isFinite(n)) throw new Error(`plural: expected a number, got ${String(count)}`); // a missing param must not post "NaN days"
      const forms: Record<string, unknown> = { ...(options.hash as Record<string, unknown>) };
      if (rest.length > 0) {
        forms['one'] = rest[0];
        forms['other'] = rest[1] ?? rest[0];
      }
      for (const key of Object.keys(forms)) if (!(PLURAL_CATEGORIES as readonly string[]).includes(key)) throw new Error(`plural: unknown form "${key}" (forms: ${PLURAL_CATEGORIES.join(', ')})`);
      if (forms['other'] === undefined) throw new Error('plural: needs the "other" form');
      const rule = pluralRules(localeOf(options)).select(n);
      const form = String(forms[rule] ?? forms['other']);
      return Object.values(forms).some((f) => String(f).includes('#')) ? form.replaceAll('#', String(n)) : `${n} ${form}`;
    });
    /** {{link url}} prints a URL as is; kept as a helper so channels could shorten or tag later. */
    this.hbs.registerHelper('link', (url: unknown) => {
      if (typeof url !== 'string' || url.length === 0) throw new Error(`link: expected a URL, got ${String(url)}`); // a missing fact must not post "undefined"
      return url;
    });
    /** {{#if_eq a b}}…{{/if_eq}} */
    this.hbs.registerHelper('if_eq', function (this: unknown, a: unknown, b: unknown, options: Handlebars.HelperOptions) {
      return a === b ? options.fn(this) : options.inverse(this);
    });
  }
}
