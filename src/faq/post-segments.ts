import { hasCjk, normalizeUnplain, plainWords, tokenize } from './normalize.js';
import type { LanguageCues } from './post-cues.js';

/** One sentence of a post: its tokens (normalised words; CJK split into characters and pairs) and whether it asks something. */
export interface PostSegment {
  tokens: string[];
  /** Whether the tokens may hold CJK characters and pairs. */
  cjk: boolean;
  question: boolean;
}

/** Longest post read: the question is nearly always near the start, and a wall of text must not cost more. */
const MAX_CHARS = 2000;
/** Sentence ends: . ! ? and their CJK forms followed by a space or another sentence, and line breaks. */
const SENTENCE_END = /(?<=[.!?])\s+|(?<=[。！？])|\n+/u;
const QUESTION_MARK = /[?？¿]/u;
function asks(raw: string, tokens: string[], normalized: string, cues: LanguageCues): boolean {
  if (QUESTION_MARK.test(raw)) return true;
  return cues.openers.has(tokens[0] as string) || (cues.asks?.test(normalized) ?? false);
}

/** A piece of a post as a segment; `detectQuestion` false when there is nothing to weigh it against. */
function segmentOf(raw: string, detectQuestion: boolean, cues: LanguageCues): PostSegment | undefined {
  const plain = plainWords(raw);
  if (plain !== undefined) return plain.length === 0 ? undefined : { tokens: plain, cjk: false, question: detectQuestion && asks(raw, plain, plain.join(' '), cues) };
  const normalized = normalizeUnplain(raw);
  if (normalized.length === 0) return undefined;
  const cjk = hasCjk(normalized);
  const tokens = cjk ? tokenize(normalized) : normalized.split(' ');
  return { tokens, cjk, question: detectQuestion && asks(raw, tokens, normalized, cues) };
}

const isSentenceEnd = (code: number) => code === 0x2e || code === 0x21 || code === 0x3f || code === 0x0a || code === 0x3002 || code === 0xff01 || code === 0xff1f;
const isSpace = (code: number) => code === 0x20 || code === 0x09 || code === 0x0d;

/** The first character that may end a sentence (a regular expression scans a string faster than a loop). */
const FIRST_END = /[.!?\n。！？]/;

/** Whether a sentence end is followed by more text (most posts are one sentence, ending with at most a "?"). */
function maySplit(text: string): boolean {
  const first = text.search(FIRST_END);
  if (first < 0) return false;
  for (let i = first; i < text.length; i++) {
    if (!isSentenceEnd(text.charCodeAt(i))) continue;
    let j = i + 1;
    while (j < text.length && (isSentenceEnd(text.charCodeAt(j)) || isSpace(text.charCodeAt(j)))) j++;
    if (j < text.length) return true;
    i = j;
  }
  return false;
}

/**
 * The sentences of a post, each tokenised and marked when it asks something (a question mark, a
 * question word first, "does anyone know", a question form of the post's language: `cues`). Posts are read
 * sentence by sentence so the question can weigh more than the story around it. A post of one
 * sentence (most) is read in one pass, without looking for a question unless asked to.
 */
export function segmentPost(raw: string, cues: LanguageCues, alwaysDetectQuestions = false): PostSegment[] {
  const text = raw.length > MAX_CHARS ? raw.slice(0, MAX_CHARS) : raw;
  if (!maySplit(text)) {
    const only = segmentOf(text, alwaysDetectQuestions, cues);
    return only === undefined ? [] : [only];
  }
  const segments: PostSegment[] = [];
  for (const piece of text.split(SENTENCE_END)) {
    const segment = segmentOf(piece, true, cues);
    if (segment !== undefined) segments.push(segment);
  }
  return segments;
}

/** Whether any sentence of the post asks something. */
export function asksAnything(raw: string, cues: LanguageCues): boolean {
  return segmentPost(raw, cues, true).some((s) => s.question);
}
