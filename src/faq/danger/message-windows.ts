/** Sentence ends: . ! ? … and their Arabic, Devanagari and CJK forms, then a space or another sentence; line breaks; " / " between parts. */
const SENTENCE_END = /(?<=[.!?؟।…])\s+|(?<=[。！？])|\s*\n+\s*|\s+\/\s+/u;
/** Every place `SENTENCE_END` may split at (a cheap count: three sentences need two). */
const SENTENCE_ENDS = /[.!?؟।…。！？\n/]/gu;
/** Scripts written without spaces: a sentence of them too long for one window is cut anywhere. */
const NO_SPACES = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Khmer}\p{Script=Lao}\p{Script=Myanmar}]/u;

/**
 * A message longer than this is read in windows, and a sentence longer than this is cut into
 * overlapping pieces: a short post's length (most training posts are under 200 characters).
 * With no punctuation at all ("voice-to-text run-ons"), the pieces are the only windows; on the
 * check sets' dangerous posts run on after two harmless ones, pieces of 160 characters caught
 * 1,158 of 1,450 and of 280 characters 975.
 */
export const WINDOW_CHARS = 160;
/** Only the first characters are cut into windows, and at most this many windows are read: a wall of text must not cost more than a few messages. */
const MAX_WINDOWED_CHARS = 3000;
const MAX_WINDOWS = 40;

/** One window of a long message: its text and how many sentences (or pieces of one) it spans. */
export interface MessageWindow {
  text: string;
  sentences: 1 | 2;
}

/** A sentence longer than a window, cut into pieces of at most `WINDOW_CHARS` characters, each overlapping the next by half. */
function piecesOf(sentence: string): string[] {
  if (sentence.length <= WINDOW_CHARS) return [sentence];
  const pieces: string[] = [];
  if (NO_SPACES.test(sentence)) {
    for (let start = 0; start < sentence.length; start += WINDOW_CHARS / 2) {
      pieces.push(sentence.slice(start, start + WINDOW_CHARS));
      if (start + WINDOW_CHARS >= sentence.length) break;
    }
    return pieces;
  }
  const words = sentence.split(/\s+/u);
  for (let first = 0; first < words.length; ) {
    let last = first + 1;
    let length = (words[first] as string).length;
    while (last < words.length && length + 1 + (words[last] as string).length <= WINDOW_CHARS) length += 1 + (words[last++] as string).length;
    pieces.push(words.slice(first, last).join(' '));
    if (last >= words.length) break;
    // The next piece starts halfway through this one: whatever is told across a cut is whole in one piece.
    first = Math.max(first + 1, Math.floor((first + last) / 2));
  }
  return pieces;
}

/**
 * The windows a long message is also read in (three sentences or more, or over `WINDOW_CHARS`):
 * every sentence and every two neighbouring ones, in order, a long sentence cut into overlapping
 * pieces. The danger model learnt from posts of a few sentences; in a longer story its features
 * are spread over every sentence, and the one that says someone is hurt weighs little against
 * the rest ("... the plow buried my car again. My neighbour is on the floor and won't answer.
 * And the bus never came ..."). A short message has none: read whole, each sentence keeps its
 * neighbours' context.
 */
export function messageWindows(message: string): MessageWindow[] {
  // Most messages are short with at most two sentences: no split for them (the hot path).
  if (message.length <= WINDOW_CHARS && (message.match(SENTENCE_ENDS) ?? []).length < 2) return [];
  const text = message.length > MAX_WINDOWED_CHARS ? message.slice(0, MAX_WINDOWED_CHARS) : message;
  const sentences = text
    .split(SENTENCE_END)
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .flatMap(piecesOf);
  if (sentences.length < 2 || (sentences.length < 3 && text.length <= WINDOW_CHARS)) return [];
  const windows: MessageWindow[] = [];
  for (let i = 0; i < sentences.length && windows.length < MAX_WINDOWS; i++) {
    windows.push({ text: sentences[i] as string, sentences: 1 });
    if (i + 1 < sentences.length) windows.push({ text: `${sentences[i] as string} ${sentences[i + 1] as string}`, sentences: 2 });
  }
  return windows.slice(0, MAX_WINDOWS);
}
