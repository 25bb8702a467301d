import type { Logger } from 'pino';
import { UNREVIEWED } from './review-state.js';
import type { Translations } from './translations.js';

/**
 * Start-up says how many public texts no person has reviewed, per language, and what happens to
 * them: sent as they are (`sendUnreviewed: true`, the shipped demo) or left out of posts.
 */
export function warnUnreviewed(logger: Logger, translations: Translations): void {
  const byLanguage: Record<string, number> = {};
  let total = 0;
  for (const [language, counts] of Object.entries(translations.summary())) {
    const unreviewed = UNREVIEWED.reduce((n, status) => n + counts[status], 0);
    if (unreviewed > 0) byLanguage[language] = unreviewed;
    total += unreviewed;
  }
  if (total === 0) return;
  const what = translations.sendUnreviewed
    ? 'go out as they are (city.translations.sendUnreviewed: true); have them reviewed: civicast translations list --status unreviewed'
    : 'are left out of posts, pages and replies in their language until reviewed (city.translations.sendUnreviewed: false)';
  logger.warn({ unreviewed: byLanguage }, `${total} translated public texts have not been reviewed by a person and ${what}`);
}
