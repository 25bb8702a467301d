const LINK_OR_HANDLE = /\b(?:https?:\/\/|www\.)\S+|\S+@\S+\.\S+|(?:^|(?<=[\s(]))@[\p{L}\p{N}_.@-]+/giu;

/**
 * The message without links, e-mail addresses and @handles, and hashtags as their word ("#fire"
 * is fire): a platform puts the account's handle in front of a mention or not, and a handle's
 * letters must not move the model's score. Read so in training and in service (training read
 * them as typed until the model learnt from posts wrapped in handles and signatures).
 */
export function withoutLinksAndHandles(text: string): string {
  if (!text.includes('@') && !text.includes('http') && !text.includes('www.') && !text.includes('#')) return text;
  return text.replace(LINK_OR_HANDLE, ' ').replace(/#(?=\p{L})/gu, '');
}
