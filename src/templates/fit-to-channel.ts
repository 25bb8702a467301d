import type { ChannelLimits } from '../channels/channel.js';
import { AppError } from '../domain/errors.js';
import { graphemes, measureLength } from './measure-length.js';

/** Sentence ends in Latin and CJK scripts; the split keeps the punctuation with its sentence. */
const SENTENCE = /(?<=[.!?…])\s+|(?<=[。！？])/u;
const URL = /^https?:\/\/\S+$/i;

/**
 * Fits text to a channel: one part if it fits, else a numbered thread ("… (1/3)") split at
 * sentence boundaries, then at spaces, then between graphemes (for CJK) — never inside a URL.
 * Throws when the channel has no threads or the thread would be longer than it allows.
 */
export function fitToChannel(text: string, limits: ChannelLimits): string[] {
  const clean = text.trim();
  if (clean.length === 0) throw new AppError('INVALID_INPUT', 'empty post');
  const measure = (t: string) => measureLength(t, limits.lengthRule);
  if (measure(clean) <= limits.maxLength) return [clean];
  if (!limits.threads) throw new AppError('INVALID_INPUT', `text is ${measure(clean)} long; the channel allows ${limits.maxLength} and has no threads`);

  // Reserve room for the widest numbering this thread could need.
  const reserve = measure(` (${limits.maxThreadParts}/${limits.maxThreadParts})`);
  const budget = limits.maxLength - reserve;
  const pieces = clean.split(SENTENCE).flatMap((sentence) => splitToFit(sentence.trim(), budget, measure, limits.lengthRule === 'weighted' || limits.lengthRule === 'url23'));
  const parts: string[] = [];
  let current = '';
  for (const piece of pieces) {
    if (piece.length === 0) continue;
    const joined = current.length === 0 ? piece : `${current}${joinerFor(current)}${piece}`;
    if (measure(joined) <= budget) current = joined;
    else {
      parts.push(current);
      current = piece;
    }
  }
  if (current.length > 0) parts.push(current);
  if (parts.length > limits.maxThreadParts) {
    throw new AppError('INVALID_INPUT', `text needs a thread of ${parts.length} posts; the channel allows ${limits.maxThreadParts}`);
  }
  return parts.map((part, i) => `${part} (${i + 1}/${parts.length})`);
}

/** CJK sentences run on without a space; Latin ones get one. */
function joinerFor(previous: string): string {
  return /[。！？]$/u.test(previous) ? '' : ' ';
}

function splitToFit(sentence: string, budget: number, measure: (t: string) => number, urlsAreShort: boolean): string[] {
  if (measure(sentence) <= budget) return [sentence];
  const words = sentence.split(/\s+/);
  const out: string[] = [];
  let current = '';
  for (const word of words) {
    const joined = current.length === 0 ? word : `${current} ${word}`;
    if (measure(joined) <= budget) {
      current = joined;
      continue;
    }
    if (current.length > 0) out.push(current);
    if (measure(word) <= budget) {
      current = word;
      continue;
    }
    if (URL.test(word) && !urlsAreShort) throw new AppError('INVALID_INPUT', `a link is longer than one post allows: ${word.slice(0, 60)}…`);
    // A run without spaces (CJK, or one huge token): cut between graphemes.
    current = '';
    for (const g of graphemes(word)) {
      if (measure(current + g) > budget) {
        out.push(current);
        current = g;
      } else current += g;
    }
  }
  if (current.length > 0) out.push(current);
  return out;
}
