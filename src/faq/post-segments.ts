import { hasCjk, normalizeUnplain, plainWords, tokenize } from './normalize.js';

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
/** Chinese question particles and words (what, where, how, how many, whether). */
const CJK_QUESTION = /[吗嗎呢]|什么|什麼|哪里|哪裡|怎么|怎麼|几|幾|多少|是否/u;

/** Words that open a question in English, Spanish and Vietnamese (folded: no accents). */
const OPENERS = new Set([
  'when', 'where', 'how', 'what', 'whats', 'who', 'whos', 'why', 'which', 'whom',
  'is', 'are', 'was', 'were', 'do', 'does', 'did', 'can', 'could', 'will', 'would', 'should', 'shall', 'am', 'has', 'have', 'any', 'anyone', 'anybody', 'r',
  'cuando', 'donde', 'adonde', 'como', 'que', 'quien', 'quienes', 'cual', 'cuales', 'cuanto', 'cuanta', 'cuantos', 'cuantas', 'hay', 'puedo', 'puede', 'pueden', 'tengo', 'debo', 'sigue', 'siguen', 'alguien',
  // Vietnamese: "khi nao" (when), "lam sao" (how), "bao gio" (when)
  'khi', 'lam', 'bao',
]);
/** Asking without a question form: "does anyone know", "trying to figure out if", "wondering whether". */
const INDIRECT = /\b(anyone know|anybody know|does anyone|can someone|can anyone|someone tell me|wondering|trying to (figure|find|work)|not sure (if|whether|who|how|what|where|when)|need to know|want to know|would like to know|any (word|update|news|info)|alguien sabe|quisiera saber|quiero saber|no se si|necesito saber)\b/;
/** Vietnamese question words and endings (folded). */
const VI_QUESTION = /\b(o dau|khi nao|bao gio|lam sao|the nao)\b|\b(khong|chua)$/;

function asks(raw: string, tokens: string[], normalized: string): boolean {
  if (QUESTION_MARK.test(raw) || CJK_QUESTION.test(raw)) return true;
  return OPENERS.has(tokens[0] as string) || INDIRECT.test(normalized) || VI_QUESTION.test(normalized);
}

/** A piece of a post as a segment; `detectQuestion` false when there is nothing to weigh it against. */
function segmentOf(raw: string, detectQuestion: boolean): PostSegment | undefined {
  const plain = plainWords(raw);
  if (plain !== undefined) return plain.length === 0 ? undefined : { tokens: plain, cjk: false, question: detectQuestion && asks(raw, plain, plain.join(' ')) };
  const normalized = normalizeUnplain(raw);
  if (normalized.length === 0) return undefined;
  const cjk = hasCjk(normalized);
  const tokens = cjk ? tokenize(normalized) : normalized.split(' ');
  return { tokens, cjk, question: detectQuestion && asks(raw, tokens, normalized) };
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
 * question word first, "does anyone know", a Chinese or Vietnamese question form). Posts are read
 * sentence by sentence so the question can weigh more than the story around it. A post of one
 * sentence (most) is read in one pass, without looking for a question unless asked to.
 */
export function segmentPost(raw: string, alwaysDetectQuestions = false): PostSegment[] {
  const text = raw.length > MAX_CHARS ? raw.slice(0, MAX_CHARS) : raw;
  if (!maySplit(text)) {
    const only = segmentOf(text, alwaysDetectQuestions);
    return only === undefined ? [] : [only];
  }
  const segments: PostSegment[] = [];
  for (const piece of text.split(SENTENCE_END)) {
    const segment = segmentOf(piece, true);
    if (segment !== undefined) segments.push(segment);
  }
  return segments;
}

/** Whether any sentence of the post asks something. */
export function asksAnything(raw: string): boolean {
  return segmentPost(raw, true).some((s) => s.question);
}
