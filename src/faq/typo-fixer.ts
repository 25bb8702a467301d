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

  constructor(
    private readonly targets: ReadonlySet<string>,
    private readonly known: ReadonlySet<string>,
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
    if (word.length < 4 || this.targets.has(word) || this.known.has(word)) return undefined;
    const found = new Set<string>();
    for (const key of [word, ...deletions(word)]) for (const target of this.index.get(key) ?? []) if (withinOneEdit(word, target)) found.add(target);
    return found.size === 1 ? [...found][0] : undefined;
  }

  /** `text` with every fixable word replaced (words are runs of letters); undefined if nothing changed. */
  fixText(text: string): string | undefined {
    let changed = false;
    const fixed = text.replace(/\p{L}+/gu, (word) => {
      const target = this.fix(word);
      if (target === undefined) return word;
      changed = true;
      return target;
    });
    return changed ? fixed : undefined;
  }
}
