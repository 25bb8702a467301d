/**
 * Day and month names for a language the platform's date library (ICU/CLDR, through `Intl`)
 * does not know, such as Haitian Creole: without them `Intl` silently formats in English.
 */
export interface LanguageCalendar {
  /** A language `Intl` knows whose patterns (word order, clock) suit this one: `fr` for Haitian Creole. */
  patternsFrom: string;
  /** Sunday first. */
  weekdays: readonly string[];
  weekdaysShort: readonly string[];
  /** January first. */
  months: readonly string[];
  monthsShort: readonly string[];
}

export type Calendars = ReadonlyMap<string, LanguageCalendar>;

const formatters = new Map<string, Intl.DateTimeFormat>();

/** One formatter per locale and options: each allocates ICU data the garbage collector barely sees. */
function formatter(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}\u0000${JSON.stringify(options)}`;
  let found = formatters.get(key);
  if (found === undefined) {
    found = new Intl.DateTimeFormat(locale, options);
    if (formatters.size >= 500) formatters.clear();
    formatters.set(key, found);
  }
  return found;
}

/** Whether `Intl` has this language's own data (else it would quietly use the default locale's). */
export function intlKnows(language: string): boolean {
  return Intl.DateTimeFormat.supportedLocalesOf([language]).length > 0;
}

const WEEKDAY_INDEX: Readonly<Record<string, number>> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

/** Formats a time in a language, with its own day and month names where `Intl` has none. */
export function formatLocalDate(date: Date, language: string, options: Intl.DateTimeFormatOptions, calendars?: Calendars): string {
  const calendar = calendars?.get(language);
  if (calendar === undefined) return formatter(language, options).format(date);
  const numeric = formatter('en-US', { timeZone: options.timeZone ?? 'UTC', weekday: 'short', month: 'numeric' }).formatToParts(date);
  const weekday = WEEKDAY_INDEX[numeric.find((p) => p.type === 'weekday')?.value ?? ''] ?? 0;
  const month = Number(numeric.find((p) => p.type === 'month')?.value ?? '1') - 1;
  const long = (style: string | undefined) => style === 'long';
  return formatter(calendar.patternsFrom, options)
    .formatToParts(date)
    .map((part) => {
      if (part.type === 'weekday') return (long(options.weekday) ? calendar.weekdays : calendar.weekdaysShort)[weekday] ?? part.value;
      // A numeric month (19/01) stays a number; only names are replaced.
      if (part.type === 'month' && !/^\d+$/.test(part.value)) return (long(options.month) || options.dateStyle === 'long' || options.dateStyle === 'full' ? calendar.months : calendar.monthsShort)[month] ?? part.value;
      return part.value;
    })
    .join('');
}
