/**
 * `Intl.DateTimeFormat` objects, made once per locale and options. Each new formatter allocates
 * ICU data outside the JS heap that the garbage collector barely sees, so making one per rendered
 * date grows the process under load. Callers pass options from code and zones from config, so the
 * cache stays small; it is capped anyway.
 */
const cache = new Map<string, Intl.DateTimeFormat>();
const MAX = 200;

export function cachedDateFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}\u0000${JSON.stringify(options)}`;
  let formatter = cache.get(key);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat(locale, options);
    if (cache.size >= MAX) cache.clear();
    cache.set(key, formatter);
  }
  return formatter;
}
