const HASHTAG = /^[#＃][\p{L}\p{N}_]+$/u;
const HANDLE = /^@[\p{L}\p{N}_.]+$/u;
const EMOJIS = /^[\p{Extended_Pictographic}\uFE0F\u200D]+$/u;
/** How many whitespace-separated pieces from the end may be tags: a wall of "#a #a #a" costs no more. */
const MAX_TRAILING_TAGS = 30;
const TAIL_CHARS = 600;

/**
 * The message without the hashtags (and @handles) that end it, emojis between them kept; itself
 * when it does not end with a hashtag or is nothing but tags. A scan from the end, so hostile
 * text costs no more than its last few pieces.
 */
export function withoutTrailingTags(text: string): string {
  if (!text.includes('#') && !text.includes('＃')) return text;
  // Only the end is looked at (a wall of text costs no more); the cut falls before a space.
  const cut = Math.max(0, text.lastIndexOf(' ', text.length - TAIL_CHARS));
  const head = text.length > TAIL_CHARS ? text.slice(0, cut) : '';
  const pieces = (head === '' ? text : text.slice(cut)).split(/(\s+)/u);
  let first = pieces.length;
  let tagged = false;
  for (let i = pieces.length - 1, seen = 0; i >= 0 && seen < MAX_TRAILING_TAGS; i--) {
    const piece = pieces[i] as string;
    if (piece.trim().length === 0) continue;
    const hashtag = HASHTAG.test(piece);
    if (!hashtag && !HANDLE.test(piece) && !EMOJIS.test(piece)) break;
    tagged ||= hashtag;
    first = i;
    seen++;
  }
  if (!tagged || (head + pieces.slice(0, first).join('')).trim().length === 0) return text;
  return head + [...pieces.slice(0, first), ...pieces.slice(first).map((p) => (HASHTAG.test(p) || HANDLE.test(p) ? '' : p))].join('');
}
