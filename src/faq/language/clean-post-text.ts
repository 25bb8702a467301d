const URL = /\b(?:https?:\/\/|www\.)\S+/giu;
/** @mentions (X, Bluesky handles with dots, Mastodon user@host) and #hashtags say nothing about the writer's language. */
const HANDLE = /(?:^|(?<=[\s(]))[@#][\p{L}\p{N}_.@-]+/gu;
const EMAIL = /\S+@\S+\.\S+/gu;

/**
 * A post with what is not language taken out: links, handles, hashtags and e-mail addresses.
 * Emoji, digits and punctuation need no removal: the recogniser reads letters only.
 */
export function cleanPostText(text: string): string {
  // Most posts have none of these: skip the regular expressions for them.
  let cleaned = text;
  if (cleaned.includes('http') || cleaned.includes('www.')) cleaned = cleaned.replace(URL, ' ');
  if (cleaned.includes('@')) cleaned = cleaned.replace(EMAIL, ' ');
  if (cleaned.includes('@') || cleaned.includes('#')) cleaned = cleaned.replace(HANDLE, ' ');
  return cleaned;
}
