/** Han, kana and Hangul syllables: a line may break between any two of them. */
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3000-\u303f\uff00-\uffef]/u;
/** May not start a line (kinsoku shori): closing brackets and stops, CJK and Latin. */
const NO_LINE_START = /^[)\]}.,;:!?%\u3001\u3002\uff0c\uff0e\uff1a\uff1b\uff1f\uff01\uff09\u300d\u300f\u3011\u3015\u3009\u300b\u201d\u2019\u30fc\u2026\u060c\u061b\u061f]/u;
/** May not end a line: opening brackets and quotes. */
const NO_LINE_END = /[([{\uff08\u300c\u300e\u3010\u3014\u3008\u300a\u201c\u2018]$/u;

export type Measure = (text: string) => number;

/**
 * The pieces a line may break between: after spaces in alphabetic scripts, between any two CJK
 * characters, never before a closing mark or after an opening one. Words come from
 * `Intl.Segmenter`, which knows each script's word boundaries.
 */
export function breakablePieces(paragraph: string, locale: string | undefined): string[] {
  const segmenter = new Intl.Segmenter(locale, { granularity: 'word' });
  const pieces: string[] = [];
  let current = '';
  for (const { segment } of segmenter.segment(paragraph)) {
    const mayBreak = current.length > 0 && (/\s$/u.test(current) || CJK.test(segment[0] ?? '') || CJK.test(current.at(-1) ?? '')) && !NO_LINE_START.test(segment) && !NO_LINE_END.test(current) && !/^\s/u.test(segment);
    if (mayBreak) {
      pieces.push(current);
      current = segment;
    } else current += segment;
  }
  if (current.length > 0) pieces.push(current);
  return pieces;
}

/** Greedy line filling; a piece wider than a line (a long URL) is cut between graphemes. */
export function wrapLines(paragraph: string, maxWidth: number, measure: Measure, locale?: string): string[] {
  const lines: string[] = [];
  let line = '';
  for (const piece of breakablePieces(paragraph, locale)) {
    const candidate = line + piece;
    if (measure(candidate.trimEnd()) <= maxWidth) {
      line = candidate;
      continue;
    }
    if (line.trim().length > 0) lines.push(line.trimEnd());
    line = '';
    const rest = piece.trimStart();
    if (measure(rest.trimEnd()) <= maxWidth) {
      line = rest;
      continue;
    }
    for (const { segment } of new Intl.Segmenter(locale, { granularity: 'grapheme' }).segment(rest)) {
      if (line.length > 0 && measure(line + segment) > maxWidth) {
        lines.push(line);
        line = '';
      }
      line += segment;
    }
  }
  if (line.trim().length > 0) lines.push(line.trimEnd());
  return lines;
}

/** Shortens the last line so it ends in an ellipsis within the width. */
export function ellipsize(line: string, maxWidth: number, measure: Measure, locale?: string): string {
  const graphemes = [...new Intl.Segmenter(locale, { granularity: 'grapheme' }).segment(line)].map((s) => s.segment);
  while (graphemes.length > 0 && measure(graphemes.join('').trimEnd() + '…') > maxWidth) graphemes.pop();
  return graphemes.join('').trimEnd() + '…';
}
