/**
 * Text normalisation for matching short, messy social-media text: URLs, mentions and emoji
 * removed, hashtags kept as words (#SnowEmergency → "snow emergency"), accents folded (so
 * "dónde" = "donde", Vietnamese without diacritics still matches), lower case.
 */
const URL = /\bhttps?:\/\/\S+|\bwww\.\S+/gi;
const MENTION = /(^|\s)[@＠][\w.-]+/g;
const HASHTAG_CAMEL = /#(\w+)/g;
const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;

export function splitCamel(word: string): string {
  return word.replace(/([a-z])([A-Z])/g, '$1 $2');
}

export function foldAccents(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D');
}

export function normalizeText(raw: string): string {
  let text = raw.slice(0, 2000).normalize('NFKC');
  text = text.replace(URL, ' ').replace(MENTION, ' ');
  text = text.replace(HASHTAG_CAMEL, (_, tag: string) => ` ${splitCamel(tag)} `);
  text = foldAccents(text.toLowerCase());
  // Keep letters, digits and CJK; everything else (emoji, punctuation) separates words.
  text = text.replace(/[^\p{L}\p{N}]+/gu, ' ');
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
