import { featureHash } from '../feature-hash.js';
import { seededRandom } from './seeded-random.js';

/**
 * What residents put around what they have to say: a greeting, "sorry to bother you", the city's
 * handle, a quoted notice they reply to, "thank you", a signature, a phone number, where it is.
 * It says nothing about danger either way.
 */
export interface ContextFragment {
  locale: string;
  place: 'before' | 'after';
  kind: string;
  text: string;
}

/**
 * Reads a fragments file (`locale<TAB>place<TAB>kind<TAB>text`, a header line first); a bad line
 * names the file and its line.
 */
export function parseContextFragments(text: string, file: string): ContextFragment[] {
  const fragments: ContextFragment[] = [];
  text.split('\n').forEach((line, index) => {
    if (index === 0 || line.trim().length === 0 || line.startsWith('#')) return;
    const [locale, place, kind, body] = line.split('\t');
    if (locale === undefined || (place !== 'before' && place !== 'after') || kind === undefined || body === undefined || body.trim() === '') {
      throw new Error(`${file}:${index + 1}: expected "locale<TAB>before|after<TAB>kind<TAB>text"`);
    }
    fragments.push({ locale: locale.trim(), place, kind: kind.trim(), text: body.trim() });
  });
  return fragments;
}

/** `text` with `fragment` before or after it, as a resident would write it. */
export function wrapInContext(text: string, fragment: Pick<ContextFragment, 'place' | 'text'>): string {
  return fragment.place === 'before' ? `${fragment.text} ${text}` : `${text} ${fragment.text}`;
}

/** The fragments of each locale, by kind (kinds in name order, so a seeded pick replays). */
function byLocaleAndKind(fragments: readonly ContextFragment[]): Map<string, ContextFragment[][]> {
  const grouped = new Map<string, Map<string, ContextFragment[]>>();
  for (const fragment of fragments) {
    const kinds = grouped.get(fragment.locale) ?? new Map<string, ContextFragment[]>();
    grouped.set(fragment.locale, kinds);
    kinds.set(fragment.kind, [...(kinds.get(fragment.kind) ?? []), fragment]);
  }
  return new Map([...grouped].map(([locale, kinds]) => [locale, [...kinds.keys()].sort().map((kind) => kinds.get(kind) as ContextFragment[])]));
}

/**
 * Which rows get a wrapped copy, and the copy's text: about `share` of the rows of each locale
 * that has fragments, dangerous and harmless alike, each with one fragment of a kind picked at
 * random. The training posts were written without most of this wrapping, and where they had it,
 * unevenly (greetings 26 times in dangerous posts, 6 in harmless ones), so the model had learnt it
 * as evidence: "Hi, sorry to bother you." before the check sets' harmless posts flagged 1,146 of
 * 2,387. Seeded: the same rows, fragments and seed give the same copies.
 */
export function wrappedCopies(rows: readonly { text: string; locale: string }[], fragments: readonly ContextFragment[], share: number, seed: number): { of: number; text: string }[] {
  const pool = byLocaleAndKind(fragments);
  const random = seededRandom(seed ^ 0xc0_47e7);
  const copies: { of: number; text: string }[] = [];
  rows.forEach((row, of) => {
    const kinds = pool.get(row.locale);
    if (kinds === undefined || random() >= share) return;
    const kind = kinds[Math.floor(random() * kinds.length)] as ContextFragment[];
    copies.push({ of, text: wrapInContext(row.text, kind[Math.floor(random() * kind.length)] as ContextFragment) });
  });
  return copies;
}

/**
 * Each row wrapped in a fragment of `kind` in its own language (any language's when it has none
 * of that kind), picked at random from `seed`: how a set reads with what residents put around a
 * post (`npm run eval:faq`, the dev-set tests).
 */
export function wrapRows<Row extends { text: string; locale: string }>(rows: readonly Row[], fragments: readonly ContextFragment[], kind: string, seed: number): Row[] {
  const ofKind = fragments.filter((f) => f.kind === kind);
  if (ofKind.length === 0) throw new Error(`no context fragments of kind "${kind}"`);
  const random = seededRandom(seed ^ featureHash(kind));
  return rows.map((row) => {
    const own = ofKind.filter((f) => f.locale === (row.locale.split('-')[0] ?? row.locale));
    const pool = own.length > 0 ? own : ofKind;
    return { ...row, text: wrapInContext(row.text, pool[Math.floor(random() * pool.length)] as ContextFragment) };
  });
}
