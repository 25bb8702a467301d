/**
 * Text normalisation for matching short, messy social-media text: URLs, mentions and emoji
 * removed, hashtags kept as words (#SnowEmergency → "snow emergency"), accents folded (so
 * "dónde" = "donde", Vietnamese without diacritics still matches), lower case.
 */
const URL = /\bhttps?:\/\/\S+|\bwww\.\S+/gi;
/** Anything the three patterns below could match starts with one of these. */
const MARKERS = /[@#＠]|http|www\./i;
const MENTION = /(^|\s)[@＠][\w.-]+/g;
const HASHTAG_CAMEL = /#(\w+)/g;
const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;

export function splitCamel(word: string): string {
  return word.replace(/([a-z])([A-Z])/g, '$1 $2');
}

/** Nothing in ASCII decomposes or carries a mark: such text folds to itself. */
const BEYOND_ASCII = /[\u0080-\uffff]/;

export function foldAccents(text: string): string {
  if (!BEYOND_ASCII.test(text)) return text;
  const folded = text.normalize('NFKD').replace(/\p{M}/gu, '');
  // Vietnamese đ has no decomposition.
  return folded.includes('đ') || folded.includes('Đ') ? folded.replace(/đ/g, 'd').replace(/Đ/g, 'D') : folded;
}

const NON_ASCII = /[\u0080-\uffff]/;

/**
 * Per code point: its lower-case, accent-folded form (' ' for a separator, '' for a variation
 * selector), or null when it needs the whole-string path because NFKC changes it, it may compose
 * with its neighbour (combining marks, Hangul jamo), or it lower-cases by context (Greek capital
 * sigma). Filled lazily; a question's characters repeat across questions.
 */
const bmpFolds: (string | null | undefined)[] = [];
const astralFolds = new Map<number, string | null>();
const MARK = /\p{M}/u;

function fold(codePoint: number): string | null {
  const cached = codePoint < 0x10000 ? bmpFolds[codePoint] : astralFolds.get(codePoint);
  if (cached !== undefined) return cached;
  const char = String.fromCodePoint(codePoint);
  const variationSelector = codePoint >= 0xfe00 && codePoint <= 0xfe0f;
  const composes = (MARK.test(char) && !variationSelector) || (codePoint >= 0x1100 && codePoint < 0x1200);
  const unsafe = composes || codePoint === 0x3a3 || (codePoint >= 0xd800 && codePoint < 0xe000) || char.normalize('NFKC') !== char;
  const folded = unsafe ? null : foldAccents(char.toLowerCase()).replace(/[^\p{L}\p{N}]+/gu, ' ');
  if (codePoint < 0x10000) bmpFolds[codePoint] = folded;
  else astralFolds.set(codePoint, folded);
  return folded;
}

/** Whether every character of `text` folds on its own (then `foldByCharacter` equals the whole-string path). */
function foldsByCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) continue;
    // A surrogate pair is read whole; a lone surrogate as itself (and then takes the whole-string path).
    const codePoint = text.codePointAt(i) as number;
    if (codePoint > 0xffff) i++;
    if (fold(codePoint) === null) return false;
  }
  return true;
}

/**
 * Per BMP code point: 1 when it folds to itself (a lower-case letter with no mark, a digit, a CJK
 * character), 2 when not; 0 until known. Runs of such characters are copied with one slice.
 */
const bmpSelf = new Uint8Array(0x10000);

function foldsToItself(code: number): boolean {
  let known = bmpSelf[code] as number;
  if (known === 0) {
    // Surrogates are read as pairs (or whole-string): never part of a copied run.
    known = (code < 0xd800 || code >= 0xe000) && fold(code) === String.fromCharCode(code) ? 1 : 2;
    bmpSelf[code] = known;
  }
  return known === 1;
}

/** Lower case, accents folded, separators collapsed to one space, trimmed: character by character. */
function foldByCharacter(text: string): string {
  let out = '';
  let pendingSpace = false;
  // Start of the run of characters that fold to themselves not yet copied to `out`, or -1.
  let run = -1;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80 ? (code >= 0x61 && code <= 0x7a) || (code >= 0x30 && code <= 0x39) : foldsToItself(code)) {
      if (run < 0) {
        if (pendingSpace) out += ' ';
        pendingSpace = false;
        run = i;
      }
      continue;
    }
    if (run >= 0) {
      out += text.slice(run, i);
      run = -1;
    }
    let piece: string;
    if (code < 0x80) {
      const lower = code >= 0x41 && code <= 0x5a ? code + 32 : code;
      piece = (lower >= 0x61 && lower <= 0x7a) || (lower >= 0x30 && lower <= 0x39) ? String.fromCharCode(lower) : ' ';
    } else {
      const codePoint = text.codePointAt(i) as number;
      if (codePoint > 0xffff) i++;
      piece = fold(codePoint) as string;
    }
    if (piece === ' ') {
      pendingSpace = out.length > 0;
      continue;
    }
    // A fold is at most a few letters ("ß", "ǆ"); written generally in case one holds a separator.
    for (const part of piece.includes(' ') ? piece.split(/( )/) : [piece]) {
      if (part === ' ') pendingSpace = out.length > 0;
      else if (part.length > 0) {
        if (pendingSpace) out += ' ';
        pendingSpace = false;
        out += part;
      }
    }
  }
  return run >= 0 ? out + text.slice(run) : out;
}

/**
 * The words of `normalizeText(raw)` when `raw` is plain ASCII with no link, mention or hashtag
 * (most questions); undefined otherwise. The matcher starts from these words directly.
 */
export function plainWords(raw: string): string[] | undefined {
  const text = raw.length > 2000 ? raw.slice(0, 2000) : raw;
  if (MARKERS.test(text) || NON_ASCII.test(text)) return undefined;
  const lower = text.toLowerCase();
  const words: string[] = [];
  let start = -1;
  for (let i = 0; i <= lower.length; i++) {
    const code = i < lower.length ? lower.charCodeAt(i) : 0;
    if ((code >= 0x61 && code <= 0x7a) || (code >= 0x30 && code <= 0x39)) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      words.push(lower.slice(start, i));
      start = -1;
    }
  }
  return words;
}

export function normalizeText(raw: string): string {
  const plain = plainWords(raw);
  return plain !== undefined ? plain.join(' ') : normalizeUnplain(raw);
}

/** `normalizeText` for text `plainWords` declined (non-ASCII, or a link, mention or hashtag). */
export function normalizeUnplain(raw: string): string {
  let text = raw.slice(0, 2000);
  let hasMarkers = MARKERS.test(text);
  // Most questions are plain ASCII, or characters NFKC leaves alone (accented letters, CJK, emoji),
  // where Unicode normalisation changes nothing and folding can go character by character.
  const ascii = !NON_ASCII.test(text);
  const byCharacter = !ascii && foldsByCharacter(text);
  if (!ascii && !byCharacter) {
    text = text.normalize('NFKC');
    // NFKC may have made markers (fullwidth "ｈｔｔｐ", "＃").
    hasMarkers = MARKERS.test(text);
  }
  // Most questions have no link, mention or hashtag: one scan instead of three replaces.
  if (hasMarkers) {
    text = text.replace(URL, ' ').replace(MENTION, ' ');
    if (text.includes('#')) text = text.replace(HASHTAG_CAMEL, (_, tag: string) => ` ${splitCamel(tag)} `);
  }
  if (byCharacter) return foldByCharacter(text);
  text = text.toLowerCase();
  // Keep letters, digits and CJK; everything else (emoji, punctuation) separates words.
  text = ascii ? text.replace(/[^a-z0-9]+/g, ' ') : foldAccents(text).replace(/[^\p{L}\p{N}]+/gu, ' ');
  return text.trim();
}

export function hasCjk(text: string): boolean {
  return CJK.test(text);
}

/** Words, with CJK runs split into overlapping character bigrams (and single characters). */
export function tokenize(normalized: string): string[] {
  const tokens: string[] = [];
  for (const word of normalized.split(' ')) {
    if (word.length === 0) continue;
    if (hasCjk(word)) {
      const chars = [...word];
      for (let i = 0; i < chars.length; i++) {
        tokens.push(chars[i] as string);
        if (i + 1 < chars.length) tokens.push(`${chars[i]}${chars[i + 1]}`);
      }
    } else tokens.push(word);
  }
  return tokens;
}
