import type { Services } from '../services.js';
import type { TaughtPhrasing, TopicDraft, TopicSwitch } from './faq-learning.js';
import { groupThemes, type Theme } from './themes.js';

/** What the console's Themes view, `GET /api/faq/themes` and `civicast faq suggest` show. */
export interface ThemesReport {
  since: number;
  hours: number;
  /** Open hand-offs grouped by likeness, largest first. */
  themes: Theme[];
  /** Phrasings taught while running, waiting for someone to copy them into faq/ files. */
  phrasings: TaughtPhrasing[];
  drafts: TopicDraft[];
  /** Topics switched off now. */
  disabled: TopicSwitch[];
}

export const DEFAULT_THEME_HOURS = 72;

/** The open themes of the last `hours` hours and the FAQ changes waiting for review. */
export async function themesReport(services: Pick<Services, 'inbox' | 'learning' | 'clock'>, hours = DEFAULT_THEME_HOURS): Promise<ThemesReport> {
  const since = services.clock.now() - hours * 3_600_000;
  const [items, phrasings, drafts, switches] = await Promise.all([services.inbox.list('open'), services.learning.phrasings(), services.learning.drafts(), services.learning.switches()]);
  return { since, hours, themes: groupThemes(items, { since }), phrasings, drafts, disabled: switches.filter((s) => s.disabled) };
}
