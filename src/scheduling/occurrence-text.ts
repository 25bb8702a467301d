import { kindCapabilities } from '../channels/registry.js';

/**
 * Fills a recurring post's `{date}`, `{time}` and `{weekday}` with its occurrence, in the
 * schedule's time zone and language. Recurring text needs them on platforms that refuse a repeated
 * post (their capabilities say `refusesRepeats`), and readers see the post is today's. Plain tokens, not templates: staff text is never
 * evaluated as code.
 */
export function occurrenceText(text: string, occurrence: Date, timeZone: string, locale = 'en'): string {
  const format = (options: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat(locale, { timeZone, ...options }).format(occurrence);
  return text
    .replaceAll('{date}', format({ month: 'short', day: 'numeric' }))
    .replaceAll('{time}', format({ hour: 'numeric', minute: '2-digit' }))
    .replaceAll('{weekday}', format({ weekday: 'long' }));
}

/** Whether a recurring text changes from one occurrence to the next. */
export function variesByOccurrence(text: string): boolean {
  return /\{(date|time|weekday)\}/.test(text);
}

/**
 * Config schedules whose fixed text goes to a channel that refuses repeated posts: every
 * occurrence after the first would be refused, so `civicast validate` says so.
 */
export function repeatedTextWarnings(config: {
  schedules: readonly { id: string; text: string; channels: readonly string[]; enabled: boolean }[];
  channels: Readonly<Record<string, { kind: string; enabled: boolean }>>;
  channelGroups: Readonly<Record<string, readonly string[]>>;
}): string[] {
  const warnings: string[] = [];
  for (const schedule of config.schedules) {
    if (!schedule.enabled || variesByOccurrence(schedule.text)) continue;
    const names = schedule.channels.flatMap((n) => (n === 'all' ? Object.keys(config.channels) : (config.channelGroups[n] ?? [n])));
    const refusing = [...new Set(names)].filter((n) => config.channels[n]?.enabled === true && kindCapabilities(config.channels[n]?.kind ?? '')?.refusesRepeats === true);
    if (refusing.length > 0) warnings.push(`schedule ${schedule.id}: ${refusing.join(', ')} refuse(s) a repeated post; add {date}, {time} or {weekday} to its text`);
  }
  return warnings;
}
