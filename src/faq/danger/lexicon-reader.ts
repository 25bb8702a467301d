import { TypoFixer, type KnownWords } from '../typo-fixer.js';
import { withoutLinksAndHandles } from './links-and-handles.js';
import { withoutPhoneNumbers } from './phone-numbers.js';
import { withoutStreetAddresses } from './street-addresses.js';
import { composeDanger, DANGER_TIER_RANK, type ComposedDanger, type DangerTier, type LanguageHint } from './compose-danger.js';
import type { DangerKind, DangerLexicon } from './danger-lexicon.js';
import { dangerTokens, normalizeDangerText, type DangerToken } from './danger-text.js';
import { TermIndex, type TermMatch } from './term-index.js';

/** What the lexicons read in one message: the words found, their composition, and the tier they alone give. */
export interface LexiconReading {
  tokens: DangerToken[];
  /** Every lexicon term found, as typed. */
  matches: TermMatch[];
  /** The composition of those terms (evidence, doubt), before any typing slip is put right. */
  composed: ComposedDanger;
  /** The lexicons' own tier, after the typing-slip reading. */
  tier: DangerTier;
  kinds: DangerKind[];
  /** Languages whose lexicon saw the danger, most words first (a hint for the reply's language). */
  languages: LanguageHint[];
  /** True when it took putting a typing slip right ("fiee" → "fire") to see the danger. */
  afterTypoFix: boolean;
  /** An alarm term (danger on its own words) counted in the reading that gave `tier`. */
  alarm: boolean;
  /** An undoubted alarm of a floor kind (gas, fire, not breathing...) in that reading: never less than possible danger. */
  floor: boolean;
  /** How long the message is, in letters (a Han, kana or Hangul character counts three: it says as much as a short word). */
  letters: number;
  /** The reading with typing slips put right, when that changed the lexicons' tier. */
  corrected?: Pick<LexiconReading, 'tokens' | 'matches' | 'composed'>;
}

const DENSE_SCRIPT = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

/** Below U+1100 (Hangul's first letters) no character is of a dense script: counted without the test. */
const FIRST_DENSE = 0x1100;

function countLetters(tokens: readonly DangerToken[]): number {
  let letters = 0;
  for (const token of tokens) {
    for (const ch of token.folded) letters += ch.charCodeAt(0) < FIRST_DENSE || !DENSE_SCRIPT.test(ch) ? 1 : 3;
  }
  return letters;
}
const LATIN_WORD = /^[a-z]{4,}$/;

/**
 * The message without what says where the writer is or how to reach them (links, handles, phone
 * numbers, street addresses): the model had learnt them from where they happened to be written.
 */
function whatIsTold(text: string): string {
  return withoutStreetAddresses(withoutPhoneNumbers(withoutLinksAndHandles(text)));
}

/**
 * Reads every lexicon (`faq/danger/<lang>.yaml`) over a message, so the concepts it finds never
 * depend on guessing the language first, and code-switching ("mi abuela fell and no responde")
 * composes. The words found are composed into a tier (see `composeDanger`): who is in what state,
 * which hazard with whom exposed, and what doubts the message itself raises. The trained model
 * (`DangerModel`) takes this reading as part of its evidence.
 */
export class LexiconReader {
  private readonly index: TermIndex;
  private readonly typos: TypoFixer;
  private readonly doubtTypos: TypoFixer;

  /**
   * `typos.words`: real words a typing slip must never be "fixed" from ("fine" is not "fire");
   * `typos.languages`: the languages those words cover, whose danger words slips are put right to.
   */
  constructor(lexicons: readonly DangerLexicon[], typos: { languages: ReadonlySet<string>; words: KnownWords }) {
    this.index = new TermIndex(lexicons, typos.languages);
    this.typos = new TypoFixer(this.index.latinWords, typos.words);
    // A slip one letter from a danger word and from a doubt ("fiee": fire, fine) is read as danger.
    const doubts = new Set([...this.index.latinDoubtWords].filter((w) => !this.index.latinWords.has(w)));
    // The real words less the doubts, as a view: a copy would be a second set of every word.
    this.doubtTypos = new TypoFixer(doubts, { has: (word) => typos.words.has(word) && !doubts.has(word) });
  }

  read(text: string): LexiconReading {
    const tokens = dangerTokens(normalizeDangerText(whatIsTold(text)));
    const matches = this.index.find(tokens);
    const composed = composeDanger(matches);
    const base = { tokens, matches, composed, letters: countLetters(tokens) };
    // People type fast, in danger most of all: the message is read again with slips put right,
    // and that reading counts ("fiee" is fire; "waht should I do if I smell gas" is a question).
    // Words that already meant something stay as they are (Swahili "kama", if, is no slip).
    const read = new Set<number>();
    for (const m of matches) for (let t = m.start; t < m.end; t++) read.add(t);
    const fixed = this.fixSlips(tokens, read);
    const fixedMatches = fixed === undefined ? undefined : this.index.find(fixed);
    const second = fixedMatches === undefined ? undefined : composeDanger(fixedMatches);
    if (fixed === undefined || fixedMatches === undefined || second === undefined || second.tier === composed.tier) return { ...base, tier: composed.tier, kinds: composed.kinds, languages: composed.languages, afterTypoFix: false, alarm: composed.alarm, floor: composed.floor };
    const corrected = { tokens: fixed, matches: fixedMatches, composed: second };
    // A wrong fix must not silence danger: a slip lowers the tier by one at most.
    if (DANGER_TIER_RANK[second.tier] < DANGER_TIER_RANK[composed.tier] - 1) return { ...base, tier: 'possible', kinds: composed.kinds, languages: composed.languages, afterTypoFix: true, alarm: composed.alarm, floor: composed.floor, corrected };
    return { ...base, tier: second.tier, kinds: second.tier === 'none' ? [] : second.kinds, languages: second.languages, afterTypoFix: true, alarm: second.alarm, floor: second.floor, corrected };
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
      // The word put right keeps no spelling variants of the slip.
      const { variants: _slip, ...rest } = token;
      return { ...rest, text: target, folded: target, plain: true };
    });
    return changed ? fixed : undefined;
  }
}
