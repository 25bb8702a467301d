/**
 * Alt text for a card: the full text of the post, which is what the picture shows. A platform
 * caps alt text (X 1,000 characters, Mastodon 1,500, Bluesky 2,000); past the cap the text is cut
 * at the last sentence or word that fits and ends in "…", never mid-word.
 */
export function cardAltText(text: string, maxLength: number): string {
  const clean = text.replace(/[^\S\n]+/gu, ' ').replace(/\n{2,}/gu, '\n').trim();
  const graphemes = [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(clean)].map((s) => s.segment);
  if (graphemes.length <= maxLength) return clean;
  const head = graphemes.slice(0, maxLength - 1).join('');
  const sentence = Math.max(...['. ', '! ', '? ', '。', '！', '？', '۔ ', '؟ '].map((mark) => head.lastIndexOf(mark)));
  const space = head.lastIndexOf(' ');
  // Text without spaces (Chinese, a long URL) is cut between characters.
  const cut = sentence >= head.length / 2 ? head.slice(0, sentence + 1) : space >= head.length / 2 ? head.slice(0, space) : head;
  return `${cut.trimEnd()}…`;
}
