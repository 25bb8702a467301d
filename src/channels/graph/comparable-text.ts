/** Text as compared when looking for a post after a lost answer: whitespace collapsed. */
export function comparableText(text: string): string {
  return text.replace(/\s+/gu, ' ').trim();
}
