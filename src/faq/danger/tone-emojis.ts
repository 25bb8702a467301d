import type { DangerToken } from './danger-text.js';

/**
 * Emojis that say how the writer feels, not what happened: a resident in danger adds them as
 * readily as one moaning about the cold ("my dad fell and isn't moving 😭🙏", "this wind 😭").
 * The model does not read them. The posts it learnt from carry them mostly in harmless ones (😭:
 * 78 harmless, 9 dangerous), so it had learnt them as a sign of no danger: with "😭" after every
 * post of the check sets, 1,478 of 1,542 dangers caught fell to 1,408. Laughter (😂, 🤣, 💀) is
 * not among them: the lexicons read it as a joke, and the model learns from it.
 */
const TONE_EMOJIS: ReadonlySet<string> = new Set(['😭', '😢', '🙏', '😱', '🥺', '😩', '😰', '😥', '💔', '😞', '😟', '😔', '😨', '😫']);

/** The tokens the model reads: all but tone emojis (the same array when there are none, as in most messages). */
export function withoutToneEmojis<T extends Pick<DangerToken, 'folded'>>(tokens: readonly T[]): readonly T[] {
  return tokens.some((t) => TONE_EMOJIS.has(t.folded)) ? tokens.filter((t) => !TONE_EMOJIS.has(t.folded)) : tokens;
}
