import { TypoFixer } from '../typo-fixer.js';
import { composeDanger, type DangerTier, type LanguageHint } from './compose-danger.js';
import type { DangerKind, DangerLexicon } from './danger-lexicon.js';
import { dangerTokens, normalizeDangerText, type DangerToken } from './danger-text.js';
import { TermIndex } from './term-index.js';

/** What the detector found in one message. */
export interface DangerFinding {
  tier: DangerTier;
  kinds: DangerKind[];
  /** Languages whose lexicon saw the danger, most words first (a hint for the reply's language). */
  languages: LanguageHint[];
  /** True when it took putting a typing slip right ("fiee" → "fire") to see the danger. */
  afterTypoFix: boolean;
}

const RANK: Record<DangerTier, number> = { none: 0, possible: 1, urgent: 2 };
const LATIN_WORD = /^[a-z]{4,}$/;

/**
 * Danger understood from what a message describes, in every language at once: each lexicon
 * (`faq/danger/<lang>.yaml`) is read over every message, so finding danger never depends on
 * guessing the language first, and code-switching ("mi abuela fell and no responde") composes.
 * The words found are composed into a tier (see `composeDanger`): who is in what state, which
 * hazard with whom exposed, and what doubts the message itself raises.
 */
export class DangerDetector {
  private readonly index: TermIndex;
  private readonly typos: TypoFixer;
  private readonly doubtTypos: TypoFixer;

  /**
   * `typos.words`: real words a typing slip must never be "fixed" from ("fine" is not "fire");
   * `typos.languages`: the languages those words cover, whose danger words slips are put right to.
   */
  constructor(lexicons: readonly DangerLexicon[], typos: { languages: ReadonlySet<string>; words: ReadonlySet<string> }) {
    this.index = new TermIndex(lexicons, typos.languages);
    this.typos = new TypoFixer(this.index.latinWords, typos.words);
    // A slip one letter from a danger word and from a doubt ("fiee": fire, fine) is read as danger.
    const doubts = new Set([...this.index.latinDoubtWords].filter((w) => !this.index.latinWords.has(w)));
    this.doubtTypos = new TypoFixer(doubts, new Set([...typos.words].filter((w) => !doubts.has(w))));
  }

  detect(text: string): DangerFinding {
    const tokens = dangerTokens(normalizeDangerText(text));
    const found = this.index.find(tokens);
    const first = composeDanger(found);
    // People type fast, in danger most of all: the message is read again with slips put right,
    // and that reading counts ("fiee" is fire; "waht should I do if I smell gas" is a question).
    // Words that already meant something stay as they are (Swahili "kama", if, is no slip).
    const read = new Set<number>();
    for (const m of found) for (let t = m.start; t < m.end; t++) read.add(t);
    const fixed = this.fixSlips(tokens, read);
    const second = fixed === undefined ? undefined : composeDanger(this.index.find(fixed));
    if (second === undefined || second.tier === first.tier) return { tier: first.tier, kinds: first.kinds, languages: first.languages, afterTypoFix: false };
    // A wrong fix must not silence danger: a slip lowers the tier by one at most.
    if (RANK[second.tier] < RANK[first.tier] - 1) return { tier: 'possible', kinds: first.kinds, languages: first.languages, afterTypoFix: true };
    return { tier: second.tier, kinds: second.tier === 'none' ? [] : second.kinds, languages: second.languages, afterTypoFix: true };
  }

  private fixSlips(tokens: readonly DangerToken[], read: ReadonlySet<number>): DangerToken[] | undefined {
    let changed = false;
    const fixed = tokens.map((token, i) => {
      if (read.has(i)) return token;
      // A word typed with its accents was typed with care; and Vietnamese "xăng" is not a slip of "sang".
      if (!token.plain || !LATIN_WORD.test(token.folded)) return token;
      const target = this.typos.fix(token.folded) ?? this.doubtTypos.fix(token.folded);
      if (target === undefined) return token;
      changed = true;
      return { ...token, text: target, folded: target, plain: true };
    });
    return changed ? fixed : undefined;
  }
}
