/** Text in double quotes, guillemets or corner brackets, on one line, up to a post's length. */
const QUOTATION = /"[^"\n]{6,300}"|“[^”\n]{6,300}”|«[^»\n]{6,300}»|„[^“"\n]{6,300}[“"]|「[^」\n]{3,300}」|『[^』\n]{3,300}』/gu;

/**
 * The message without what it quotes: a notice replied to ("“Trash pickup delayed until
 * Thursday” ok but my neighbour hasn't come out in two days"), someone's words. Itself when it
 * quotes nothing or is all quotation. Each quotation is at most a post long, so hostile text is
 * read in one bounded pass.
 */
export function withoutQuotations(text: string): string {
  if (!/["“«„「『]/u.test(text)) return text;
  const rest = text.replace(QUOTATION, ' ');
  return rest.trim().length === 0 ? text : rest;
}
