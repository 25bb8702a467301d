/**
 * How residents without a Cyrillic keyboard spell each Russian letter in Latin letters, the
 * commonest spelling first: the informal schemes of chats and phones (zh/ch/sh, ya/ja/ia, y/i for
 * ы and й, ' or nothing for ь, kh/h/x for х, ts/c for ц) beside the passport and BGN ones.
 */
const LETTERS: Readonly<Record<string, readonly string[]>> = {
  а: ['a'], б: ['b'], в: ['v'], г: ['g'], д: ['d'], е: ['e'], ё: ['e', 'yo', 'jo'], ж: ['zh', 'j', 'z'],
  з: ['z'], и: ['i'], й: ['y', 'i', 'j'], к: ['k'], л: ['l'], м: ['m'], н: ['n'], о: ['o'], п: ['p'],
  р: ['r'], с: ['s'], т: ['t'], у: ['u'], ф: ['f'], х: 'h kh x'.split(' '), ц: ['c', 'ts', 'tz'], ч: ['ch'],
  ш: ['sh'], щ: ['sh', 'sch', 'shch'], ъ: ['', "'"], ы: ['y', 'i'], ь: ['', "'"], э: ['e'],
  ю: ['yu', 'ju', 'iu'], я: ['ya', 'ja', 'ia'],
};
const VOWELS = 'аеёиоуыэюяьъ';
/** е is "ye" where it is said so: at the start of a word and after a vowel or a sign ("yest", "ob'yavili"). */
const IOTATED_E = ['e', 'ye', 'je'];
/** A final й after и or ы is often dropped ("novy", "sinii" → "sini"). */
const FINAL_Y = ['y', 'i', 'j', ''];

/** How many spellings of one word are kept: the cheapest (commonest letters) first. */
export const MAX_SPELLINGS = 24;

/**
 * The common Latin spellings of a Russian word ("ночью" → "nochyu", "noch'yu", "nochju"...),
 * commonest first. A spelling's cost is the sum of each letter's place in its list, so a word
 * is spelled one way by most and many ways by some; at most `limit` spellings are kept.
 * Words with letters beyond the Russian alphabet give none.
 */
export function russianLatinSpellings(word: string, limit = MAX_SPELLINGS): string[] {
  let beam: { text: string; cost: number }[] = [{ text: '', cost: 0 }];
  const letters = [...word];
  for (let i = 0; i < letters.length; i++) {
    const letter = letters[i] as string;
    const before = i === 0 ? '' : (letters[i - 1] as string);
    let options = LETTERS[letter];
    if (options === undefined) return [];
    if (letter === 'е' && (i === 0 || VOWELS.includes(before))) options = IOTATED_E;
    if (letter === 'й' && i === letters.length - 1 && (before === 'и' || before === 'ы')) options = FINAL_Y;
    if (options.length === 1) {
      // Most letters are spelled one way: the order stands.
      const only = options[0] as string;
      for (const partial of beam) partial.text += only;
      continue;
    }
    const next: { text: string; cost: number }[] = [];
    for (const partial of beam) options.forEach((option, cost) => next.push({ text: partial.text + option, cost: partial.cost + cost }));
    // Stable: equal costs keep the order of the commoner letters before them.
    next.sort((a, b) => a.cost - b.cost);
    beam = next.slice(0, limit * 2);
  }
  const spellings: string[] = [];
  for (const { text } of beam) {
    if (text !== '' && !spellings.includes(text)) spellings.push(text);
    if (spellings.length === limit) break;
  }
  return spellings;
}
