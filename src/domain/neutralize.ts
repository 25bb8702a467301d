/**
 * Makes outside text (feed titles, staff-typed text that quotes a feed) safe to put into a public
 * post: no mentions or mass pings, no template syntax, no control or bidi-override characters,
 * bounded length. A mention sign becomes the full-width "＠", which no platform links.
 */
// eslint-disable-next-line no-control-regex -- removing control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u200E\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/g;
const COMBINING_RUN = /(\p{Mn}{3})\p{Mn}+/gu;

export function neutralize(text: string, maxLength = 500): string {
  let out = text.normalize('NFC').replace(CONTROL, '');
  out = out.replace(COMBINING_RUN, '$1'); // zalgo: keep at most three stacked marks
  // Discord mention tokens go before "@" is replaced, or they would never match.
  out = out.replace(/<@[!&]?\d+>/g, '');
  out = out.replace(/@/g, '＠');
  // Every brace that starts or ends a pair is spaced out, so no run of braces ("{{{" included) survives.
  out = out.replace(/\{(?=\{)/g, '{ ').replace(/\}(?=\})/g, '} ');
  out = out.replace(/\s+/g, ' ').trim();
  const chars = [...out];
  // Cut by code points, never inside a surrogate pair (a half emoji is invalid text on every platform).
  if (chars.length > maxLength) out = chars.slice(0, maxLength - 1).join('').trimEnd() + '…';
  return out;
}
