import type { KnowledgeBase } from '../faq/knowledge-base.js';
import { intlKnows } from '../templates/local-dates.js';
import { UNREVIEWED } from '../translations/review-state.js';
import type { LanguageContent } from './load-language-content.js';
import { kindOf, type TextKind } from './public-texts.js';

/** One line of `civicast validate`'s table: what one language has, and where it stands. */
export interface LanguageRow {
  language: string;
  name: string;
  /** `source` (the language every other translates), `served`, or `pointer` (recognised, gets the 311 pointer). */
  role: 'source' | 'served' | 'pointer';
  posts: string;
  titles: string;
  labels: string;
  facts: string;
  /** `Intl` (the date library knows it), `own` (its calendar file), or `missing`. */
  dates: string;
  interpreter: string;
  /** FAQ topics answered in it (the FAQ translation pass fills these), and the 911 reply. */
  answers: string;
  reply911: string;
  reviewed: number;
  /** Written, not yet reviewed (drafts, texts changed since their record, texts with no record). */
  drafts: number;
  /** Their English changed since they were written or reviewed. */
  stale: number;
  missing: number;
  /** Every post, title, label, fact, date name and reply it needs is there (reviewed or not). */
  complete: boolean;
}

const count = (have: number, need: number) => (need === 0 ? '-' : `${have}/${need}`);

/** The per-language table `civicast validate` prints before it refuses anything incomplete. */
export function languageReport(content: LanguageContent, kb?: KnowledgeBase): LanguageRow[] {
  const { translations, packs } = content;
  const source = content.languages.source;
  const served = content.languages.served();
  return translations.languages().map((language) => {
    const rows = translations.list({ language });
    const area = (kind: TextKind) => {
      const mine = rows.filter((r) => kindOf(r.key) === kind);
      return count(mine.filter((r) => r.status !== 'missing').length, mine.length);
    };
    const missing = rows.filter((r) => r.status === 'missing').length;
    const isServed = served.includes(language);
    const dates = !isServed ? '-' : intlKnows(language) ? 'Intl' : packs.get(language)?.calendar !== undefined ? 'own' : 'missing';
    const answered = kb?.topics.filter((t) => t.answers.get('default')?.has(language) === true).length;
    return {
      language,
      name: packs.get(language)?.name ?? language,
      role: language === source ? 'source' : isServed ? 'served' : 'pointer',
      posts: area('template'),
      titles: area('title'),
      labels: area('label'),
      facts: area('fact'),
      dates,
      interpreter: area('interpreter'),
      answers: kb === undefined || !isServed ? '-' : count(answered ?? 0, kb.topics.length),
      reply911: kb === undefined || !isServed ? '-' : kb.urgent.answers.get('default')?.has(language) === true ? 'yes' : 'no',
      reviewed: rows.filter((r) => r.status === 'reviewed').length,
      drafts: rows.filter((r) => UNREVIEWED.includes(r.status) && r.status !== 'stale').length,
      stale: rows.filter((r) => r.status === 'stale').length,
      missing,
      complete: missing === 0 && dates !== 'missing' && packs.has(language),
    };
  });
}
