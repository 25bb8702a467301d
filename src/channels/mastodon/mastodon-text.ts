import { measureLength } from '../../templates/measure-length.js';

const FULLWIDTH_AT = '\uff20';
/**
 * Where Mastodon would see a mention: an `@` not preceded by a word character or `/` (so
 * e-mail addresses and URLs are left alone), followed by a username character.
 */
const MENTION_AT = /(^|[^/\p{L}\p{N}_])@(?=[a-z0-9_])/giu;
const LEADING_MENTIONS = /^(?:\s*[@\uff20][a-z0-9_][\w.-]*(?:@[\w.-]+)?)+\s*/iu;

/**
 * Mastodon has no switch to turn mentions off, so every `@name` in our text would notify that
 * account. A full-width at sign looks the same to readers, keeps the length, and is no mention.
 */
export function neutraliseMentions(text: string): string {
  return text.replace(MENTION_AT, `$1${FULLWIDTH_AT}`);
}

/** Mastodon counts a mention as `@username`: the `@domain` part is free. */
function mentionWeight(handle: string): number {
  const username = handle.replace(/^@/, '').split('@')[0] ?? '';
  return [...`@${username} `].length;
}

/**
 * The text actually sent: mentions neutralised, and for a reply the asker's handle first (the
 * only account a reply may notify). The fitter does not know about that prefix, so an answer
 * that no longer fits is shortened with an ellipsis rather than refused by the instance.
 */
export function composeStatusText(text: string, maxLength: number, replyHandle?: string): string {
  const body = neutraliseMentions(text.trim());
  if (replyHandle === undefined || replyHandle.length === 0) return body;
  const handle = replyHandle.replace(/^@/, '');
  const budget = maxLength - mentionWeight(handle);
  return `@${handle} ${shorten(body, budget)}`;
}

function shorten(text: string, budget: number): string {
  if (measureLength(text, 'url23') <= budget) return text;
  let points = [...text];
  points = points.slice(0, Math.max(0, budget - 1));
  while (points.length > 0 && measureLength(points.join('') + '…', 'url23') > budget) points.pop();
  return points.join('').trimEnd() + '…';
}

/**
 * A form of a status's text that survives the round trip through Mastodon's HTML: the
 * instance renders `@user@domain` as `@user`, so leading mentions are dropped, and whitespace
 * (paragraph and line breaks) is collapsed.
 */
export function comparableText(text: string): string {
  return text.replace(LEADING_MENTIONS, '').replace(/\s+/g, ' ').trim();
}
