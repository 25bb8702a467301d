/** True when `a` becomes `b` by one insertion, deletion, substitution, or swap of neighbours. */
export function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  if (long.length - short.length > 1) return false;
  let i = 0;
  while (i < short.length && short[i] === long[i]) i++;
  if (short.length === long.length) {
    // substitution at i, or a swap of i and i + 1
    return short.slice(i + 1) === long.slice(i + 1) || (short[i] === long[i + 1] && short[i + 1] === long[i] && short.slice(i + 2) === long.slice(i + 2));
  }
  return short.slice(i) === long.slice(i + 1);
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/** What a fixer asks of its real words: a set, or a view over sets (no copy of a list of 100,000 words). */
export interface KnownWords {
  has(word: string): boolean;
}

/** FNV-1a of a deletion key, 30 bits (a small integer: a Map keyed by it stores no boxed numbers). */
function keyHash(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
  return hash & 0x3fffffff;
}
const FIX_CACHE_LIMIT = 50_000;

/** Every string one edit from `word` over a–z (the folded alphabet of the word lists). */
function oneEditAway(word: string): string[] {
  const out = deletions(word);
  for (let i = 0; i + 1 < word.length; i++) out.push(word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2));
  for (let i = 0; i <= word.length; i++) {
    for (const letter of LETTERS) {
      if (i < word.length) out.push(word.slice(0, i) + letter + word.slice(i + 1));
      out.push(word.slice(0, i) + letter + word.slice(i));
    }
  }
  return out;
}

function deletions(word: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < word.length; i++) out.push(word.slice(0, i) + word.slice(i + 1));
  return out;
}

/**
 * Puts a misspelt danger word right ("fiee" → "fire", "semll" → "smell", "repira" → "respira")
 * so a typo cannot hide a life-safety message. Deliberately narrow: only words of four letters or
 * more, only one edit away from exactly one target, and never a real word (`known`), so "fine"
 * stays "fine". Candidates come from a deletion index (the SymSpell idea), so a lookup is a few
 * map reads, not a scan of every target.
 */
export class TypoFixer {
  /**
   * Deletion key → the targets it comes from. Keyed by the key's hash, not the key: tens of
   * thousands of short strings less to keep. A hash shared by two keys only adds candidates, and
   * every candidate is checked to be one edit away, so the fixes are the same.
   */
  private readonly index = new Map<number, string | string[]>();
  /** word → its fix or null: every non-urgent message passes here, and its words repeat. */
  private readonly fixes = new Map<string, string | null>();

  /**
   * `known`: real words (any set, or a view of one). `strict`: also refuse when the word is one
   * edit from a real word that is not a target ("hoal" could be "hola"): for answering questions,
   * where a wrong guess is worse than none.
   */
  constructor(
    private readonly targets: ReadonlySet<string>,
    private readonly known: KnownWords,
    private readonly strict = false,
  ) {
    for (const target of targets) {
      if (target.length < 4) continue;
      for (const key of [target, ...deletions(target)]) {
        const slot = keyHash(key);
        const list = this.index.get(slot);
        if (list === undefined) this.index.set(slot, target);
        else if (typeof list === 'string') {
          if (list !== target) this.index.set(slot, [list, target]);
        } else if (!list.includes(target)) list.push(target);
      }
    }
  }

  /** The target `word` is a typo of, or undefined. */
  fix(word: string): string | undefined {
    const cached = this.fixes.get(word);
    if (cached !== undefined) return cached ?? undefined;
    if (this.fixes.size >= FIX_CACHE_LIMIT) this.fixes.clear();
    const fixed = this.find(word);
    this.fixes.set(word, fixed ?? null);
    return fixed;
  }

  private find(word: string): string | undefined {
    if (word.length < 4 || this.targets.has(word) || this.known.has(word)) return undefined;
    const found = new Set<string>();
    for (const key of [word, ...deletions(word)]) {
      const list = this.index.get(keyHash(key));
      if (list === undefined) continue;
      if (typeof list === 'string') {
        if (withinOneEdit(word, list)) found.add(list);
      } else for (const target of list) if (withinOneEdit(word, target)) found.add(target);
    }
    if (found.size !== 1) return undefined;
    const target = [...found][0] as string;
    if (this.strict && oneEditAway(word).some((near) => near !== target && this.known.has(near) && !this.targets.has(near))) return undefined;
    return target;
  }
}
