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
  private readonly index = new Map<string, Set<string>>();
  /** word → its fix or null: every non-urgent message passes here, and its words repeat. */
  private readonly fixes = new Map<string, string | null>();

  /**
   * `strict`: also refuse when the word is one edit from a real word that is not a target
   * ("hoal" could be "hola"): for answering questions, where a wrong guess is worse than none.
   */
  constructor(
    private readonly targets: ReadonlySet<string>,
    private readonly known: ReadonlySet<string>,
    private readonly strict = false,
  ) {
    for (const target of targets) {
      if (target.length < 4) continue;
      for (const key of [target, ...deletions(target)]) {
        let set = this.index.get(key);
        if (set === undefined) this.index.set(key, (set = new Set()));
        set.add(target);
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
    for (const key of [word, ...deletions(word)]) for (const target of this.index.get(key) ?? []) if (withinOneEdit(word, target)) found.add(target);
    if (found.size !== 1) return undefined;
    const target = [...found][0] as string;
    if (this.strict && oneEditAway(word).some((near) => near !== target && this.known.has(near) && !this.targets.has(near))) return undefined;
    return target;
  }
}
