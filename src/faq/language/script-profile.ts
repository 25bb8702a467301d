export type Script = 'latin' | 'cyrillic' | 'arabic' | 'devanagari' | 'bengali' | 'khmer' | 'ethiopic' | 'hangul' | 'kana' | 'han' | 'other';

export type ScriptCounts = Record<Script, number>;

/** Code point ranges of each script's letters and signs (digits and punctuation of those blocks excluded), sorted for a binary search. */
const RANGES: readonly (readonly [number, number, Script])[] = ([
  [0x41, 0x5a, 'latin'],
  [0x61, 0x7a, 'latin'],
  [0xc0, 0xd6, 'latin'],
  [0xd8, 0xf6, 'latin'],
  [0xf8, 0x24f, 'latin'],
  [0x1e00, 0x1eff, 'latin'],
  [0x400, 0x52f, 'cyrillic'],
  [0x620, 0x64a, 'arabic'],
  [0x66e, 0x6d3, 'arabic'],
  [0x6fa, 0x6ff, 'arabic'],
  [0x750, 0x77f, 'arabic'],
  [0x8a0, 0x8ff, 'arabic'],
  [0xfb50, 0xfdff, 'arabic'],
  [0xfe70, 0xfeff, 'arabic'],
  [0x900, 0x963, 'devanagari'],
  [0x971, 0x97f, 'devanagari'],
  [0x980, 0x9e3, 'bengali'],
  [0x9f0, 0x9f1, 'bengali'],
  [0x1780, 0x17d3, 'khmer'],
  [0x19e0, 0x19ff, 'khmer'],
  [0x1200, 0x135a, 'ethiopic'],
  [0x1380, 0x139f, 'ethiopic'],
  [0x2d80, 0x2ddf, 'ethiopic'],
  [0x1100, 0x11ff, 'hangul'],
  [0x3130, 0x318f, 'hangul'],
  [0xac00, 0xd7af, 'hangul'],
  [0x3041, 0x309f, 'kana'],
  [0x30a0, 0x30ff, 'kana'],
  [0x31f0, 0x31ff, 'kana'],
  [0xff66, 0xff9f, 'kana'],
  [0x3400, 0x4dbf, 'han'],
  [0x4e00, 0x9fff, 'han'],
  [0xf900, 0xfaff, 'han'],
  [0x20000, 0x2ffff, 'han'],
] as const satisfies readonly (readonly [number, number, Script])[]).slice().sort((a, b) => a[0] - b[0]);

const OTHER_LETTER = /\p{L}/u;

function scriptOf(code: number): Script | undefined {
  let low = 0;
  let high = RANGES.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const range = RANGES[mid] as readonly [number, number, Script];
    if (code < range[0]) high = mid - 1;
    else if (code > range[1]) low = mid + 1;
    else return range[2];
  }
  return undefined;
}

/** How many letters (with their vowel signs) of each script a text has; digits and punctuation do not count. */
export function countScripts(text: string): ScriptCounts {
  const counts: ScriptCounts = { latin: 0, cyrillic: 0, arabic: 0, devanagari: 0, bengali: 0, khmer: 0, ethiopic: 0, hangul: 0, kana: 0, han: 0, other: 0 };
  for (const char of text) {
    const code = char.codePointAt(0) as number;
    if (code < 0x41) continue;
    const script = scriptOf(code);
    if (script !== undefined) counts[script]++;
    else if (code > 0x7f && OTHER_LETTER.test(char)) counts.other++;
  }
  return counts;
}
