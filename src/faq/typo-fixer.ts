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

/** Room for target numbers in a packed index entry (see `TypoFixer`): 2^22 targets. */
const TARGET_SPAN = 2 ** 22;

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
   * The deletion index, as two sorted columns: each deletion key's hash (not the key: tens of
   * thousands of short strings less to keep) and a target it comes from. Typed arrays, a few MiB
   * for a vocabulary of ten languages, where a Map of sets took tens. A hash shared by two keys
   * only adds candidates, and every candidate is checked to be one edit away, so the fixes are the
   * same as with the keys themselves.
   */
  private readonly hashes: Uint32Array;
  private readonly targetOf: Uint32Array;
  private readonly targetList: string[];
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
    this.targetList = [...targets].filter((target) => target.length >= 4);
    // hash × 2^22 + target number: sorting the packed numbers sorts by hash (exact below 2^52).
    const packed: number[] = [];
    this.targetList.forEach((target, t) => {
      for (const key of new Set([target, ...deletions(target)])) packed.push(keyHash(key) * TARGET_SPAN + t);
    });
    if (this.targetList.length >= TARGET_SPAN) throw new Error(`a typo fixer takes at most ${TARGET_SPAN} targets`);
    const sorted = Float64Array.from(packed).sort();
    this.hashes = new Uint32Array(sorted.length);
    this.targetOf = new Uint32Array(sorted.length);
    sorted.forEach((entry, i) => {
      this.hashes[i] = Math.floor(entry / TARGET_SPAN);
      this.targetOf[i] = entry % TARGET_SPAN;
    });
  }

  /** The targets indexed under `key`'s hash (maybe a few more: see the index). */
  private candidatesOf(key: string, into: Set<string>, word: string): void {
    const hash = keyHash(key);
    let low = 0;
    let high = this.hashes.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((this.hashes[middle] as number) < hash) low = middle + 1;
      else high = middle;
    }
    for (let i = low; i < this.hashes.length && this.hashes[i] === hash; i++) {
      const target = this.targetList[this.targetOf[i] as number] as string;
      if (withinOneEdit(word, target)) into.add(target);
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
    for (const key of [word, ...deletions(word)]) this.candidatesOf(key, found, word);
    if (found.size !== 1) return undefined;
    const target = [...found][0] as string;
    if (this.strict && oneEditAway(word).some((near) => near !== target && this.known.has(near) && !this.targets.has(near))) return undefined;
    return target;
  }
}
