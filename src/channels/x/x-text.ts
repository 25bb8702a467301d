import { measureLength } from '../../templates/measure-length.js';

/**
 * Comparing what we sent with what X returns. X rewrites posts on the way: every URL becomes a
 * t.co link, `&`, `<`, `>` come back HTML-escaped, and a reply may start with the @handles it
 * answers. Both sides are brought to one form before comparing.
 */
const URL_PATTERN = /\bhttps?:\/\/\S+/gi;
/** Bare domains (example.com/path) are linked and shortened by X too. */
const BARE_DOMAIN = /(^|\s)(?:[a-z0-9-]+\.)+[a-z]{2,}(?:\/\S*)?/gi;
const LEADING_MENTIONS = /^(?:@\w{1,15}\s+)+/;

export function comparableText(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .normalize('NFC')
    .replace(URL_PATTERN, '<url>')
    .replace(BARE_DOMAIN, '$1<url>')
    .trim()
    .replace(LEADING_MENTIONS, '')
    .replace(/\s+/g, ' ');
}

export function sameText(sent: string, returned: string): boolean {
  return comparableText(sent) === comparableText(returned);
}

/** Compares snowflake ids exactly: they exceed 2^53, so Number would round them. */
export function idGreater(a: string, b: string): boolean {
  try {
    return BigInt(a) > BigInt(b);
  } catch {
    return a.length === b.length ? a > b : a.length > b.length;
  }
}

/**
 * The text of a reply to a resident: addressed to them ("@handle …"), which also makes each
 * answer unique — X refuses a post whose text repeats a recent one, and the FAQ answers the same
 * question in the same words all day. Shortened with "…" if the handle pushes it over the limit.
 */
export function replyText(text: string, handle: string | undefined, maxLength = 280): string {
  if (handle === undefined || handle.length === 0) return text;
  const clean = handle.replace(/^@/, '');
  if (!/^\w{1,15}$/.test(clean)) return text;
  if (text.toLowerCase().startsWith(`@${clean.toLowerCase()}`)) return text;
  const addressed = `@${clean} ${text}`;
  if (measureLength(addressed, 'weighted') <= maxLength) return addressed;
  const words = addressed.split(' ');
  while (words.length > 2 && measureLength(`${words.join(' ')}…`, 'weighted') > maxLength) words.pop();
  return `${words.join(' ')}…`;
}
