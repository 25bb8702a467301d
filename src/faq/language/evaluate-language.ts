import fs from 'node:fs';
import path from 'node:path';
import type { ReplyDecider, ReplyEmergency } from '../../replies/decider.js';
import { UNDETERMINED } from './language-codes.js';
import type { LanguageOptions, LanguageRecognizer } from './recognize-language.js';

/** One labelled post: its language (`locale` column) and text; the other columns do not matter here. */
export interface LanguageLabelledPost {
  locale: string;
  text: string;
}

export interface LanguageTally {
  total: number;
  /** Named as labelled (for a language the city does not name: `und`). */
  right: number;
  /** `und` for a post in a language the city names: handed off, no harm done. */
  unsure: number;
  /** Named, and wrong: the post would be answered or routed in the wrong language. */
  wrong: number;
}

export interface LanguageEvaluation {
  perLanguage: Map<string, LanguageTally>;
  all: LanguageTally;
  /** "labelled→recognised" for every confident mistake, with how often. */
  confusions: Map<string, number>;
  mistakes: { post: LanguageLabelledPost; got: string; confidence: number }[];
}

/**
 * Reads the labelled TSV format (`expected	locale	text	category`) by its header, so a set with
 * or without the category column reads the same. Rows without a locale or text are skipped.
 */
export function parseLanguageLabelled(tsv: string): LanguageLabelledPost[] {
  const [header, ...lines] = tsv.split('\n');
  const columns = (header ?? '').split('\t').map((c) => c.trim());
  const locale = columns.indexOf('locale');
  const text = columns.indexOf('text');
  if (locale < 0 || text < 0) throw new Error('a labelled set needs a header with "locale" and "text" columns');
  const posts: LanguageLabelledPost[] = [];
  for (const line of lines) {
    if (line.trim() === '' || line.startsWith('#')) continue;
    const cells = line.split('\t');
    const postLocale = cells[locale]?.trim();
    const postText = cells[text];
    if (postLocale !== undefined && postLocale !== '' && postText !== undefined && postText.trim() !== '') posts.push({ locale: postLocale, text: postText });
  }
  return posts;
}

const empty = (): LanguageTally => ({ total: 0, right: 0, unsure: 0, wrong: 0 });

/** Recognises every post and counts, per labelled language, right, unsure and confidently wrong. */
export function evaluateLanguage(recognizer: LanguageRecognizer, posts: readonly LanguageLabelledPost[], options: LanguageOptions): LanguageEvaluation {
  const result: LanguageEvaluation = { perLanguage: new Map(), all: empty(), confusions: new Map(), mistakes: [] };
  for (const post of posts) {
    const named = options.served.includes(post.locale) || options.recognised.includes(post.locale);
    const want = named ? post.locale : UNDETERMINED;
    const got = recognizer.recognize(post.text, options);
    let tally = result.perLanguage.get(post.locale);
    if (tally === undefined) result.perLanguage.set(post.locale, (tally = empty()));
    for (const t of [tally, result.all]) t.total++;
    let outcome: 'right' | 'unsure' | 'wrong';
    if (got.language === want) outcome = 'right';
    else if (got.language === UNDETERMINED) outcome = 'unsure';
    else outcome = 'wrong';
    for (const t of [tally, result.all]) t[outcome]++;
    if (outcome !== 'right') result.mistakes.push({ post, got: got.language, confidence: got.confidence });
    if (outcome === 'wrong') {
      const key = `${post.locale}→${got.language}`;
      result.confusions.set(key, (result.confusions.get(key) ?? 0) + 1);
    }
  }
  return result;
}

const pct = (part: number, whole: number) => (whole === 0 ? '—' : `${((100 * part) / whole).toFixed(1)}%`);

/** The per-language table printed by `npm run eval:faq`, served languages first, then the others. */
export function formatLanguageEvaluation(title: string, evaluation: LanguageEvaluation, options: LanguageOptions): string {
  const order = [...options.served, ...options.recognised];
  const languages = [...evaluation.perLanguage.keys()].sort((a, b) => {
    const rank = (l: string) => (order.includes(l) ? order.indexOf(l) : order.length);
    return rank(a) - rank(b) || a.localeCompare(b);
  });
  const lines = [`${title}: language recognition on ${evaluation.all.total} posts`, '| language | posts | right | unsure (und) | confidently wrong |', '|---|---|---|---|---|'];
  const row = (label: string, t: LanguageTally) => `| ${label} | ${t.total} | ${pct(t.right, t.total)} | ${pct(t.unsure, t.total)} | ${pct(t.wrong, t.total)} (${t.wrong}) |`;
  for (const language of languages) {
    const kind = options.served.includes(language) ? '' : options.recognised.includes(language) ? ' (recognised)' : ' (other: want und)';
    lines.push(row(`${language}${kind}`, evaluation.perLanguage.get(language) as LanguageTally));
  }
  lines.push(row('**all**', evaluation.all));
  const confusions = [...evaluation.confusions.entries()].sort((a, b) => b[1] - a[1]);
  lines.push(`confusions: ${confusions.length === 0 ? 'none' : confusions.map(([k, n]) => `${k} ×${n}`).join(', ')}`);
  return lines.join('\n');
}

export interface ReplyLanguageTally {
  /** Posts that got a reply (an answer or the 911 reply). */
  replies: number;
  /** Of those, replies in the asker's language. */
  inLanguage: number;
  answers: number;
  answersInLanguage: number;
}

/**
 * Whether each reply actually sent is in the asker's language: the decision's `locale` is the
 * language of the text it carries. A hand-off sends nothing and is not counted.
 */
export function evaluateReplyLanguage(decider: ReplyDecider, posts: readonly LanguageLabelledPost[], emergency: ReplyEmergency | null): ReplyLanguageTally {
  const tally: ReplyLanguageTally = { replies: 0, inLanguage: 0, answers: 0, answersInLanguage: 0 };
  for (const post of posts) {
    const decision = decider.decide(post.text, emergency);
    if (decision.reply === null) continue;
    tally.replies++;
    if (decision.locale === post.locale) tally.inLanguage++;
    if (decision.kind === 'answer') {
      tally.answers++;
      if (decision.locale === post.locale) tally.answersInLanguage++;
    }
  }
  return tally;
}

/** The labelled sets language recognition is scored on, by role; held-out sets only when present. */
export function languageEvalSets(root: string): { dev: string[]; check: string[]; heldout: string[] } {
  const list = (dir: string, keep: (name: string) => boolean) => {
    const full = path.join(root, dir);
    return fs.existsSync(full) ? fs.readdirSync(full).filter((f) => f.endsWith('.tsv') && keep(f)).sort().map((f) => path.join(full, f)) : [];
  };
  return {
    dev: list('eval/dev', (f) => f.startsWith('langid-') && f !== 'langid-check.tsv'),
    check: list('eval/dev', (f) => f === 'langid-check.tsv'),
    heldout: list('eval/heldout', (f) => f.startsWith('langid-') || f.startsWith('faq-')),
  };
}
