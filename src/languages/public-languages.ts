import type { CampaignContent } from '../campaigns/campaign-content.js';
import { factsFor, type CityConfig } from '../config/city-schema.js';
import type { EmergencyFacts } from '../campaigns/plan-campaign.js';
import { AppError } from '../domain/errors.js';
import { buildTemplateContext } from '../templates/template-context.js';
import { formatLocalDate, type Calendars } from '../templates/local-dates.js';
import { templateKey } from '../templates/template-set.js';
import type { Translations } from '../translations/translations.js';
import { labelKeys } from './language-checks.js';
import { AUTOMATED_MARKER_KEY, automatedMarker } from '../replies/automated-marker.js';
import type { LanguagePack } from './language-packs.js';
import type { PublicTexts } from './public-texts.js';

export type InterpreterVariant = 'general' | 'danger';

export interface PublicLanguagesDeps {
  city: CityConfig;
  texts: PublicTexts;
  packs: ReadonlyMap<string, LanguagePack>;
  campaigns: CampaignContent;
  translations: Translations;
  calendars: Calendars;
}

/**
 * What the public pages, feeds, CAP alerts and the unserved-language replies need to speak every
 * served language: labels, names, directions and tags, titles, dates, and which languages may go
 * out now. Nothing here substitutes another language for a missing one.
 */
export class PublicLanguages {
  constructor(private readonly deps: PublicLanguagesDeps) {}

  get source(): string {
    return this.deps.city.defaultLocale;
  }

  served(): readonly string[] {
    return this.deps.city.languages.served;
  }

  /** Served languages whose labels may be shown now (all of them unless unreviewed ones are held back). */
  pageLanguages(): string[] {
    const labels = labelKeys(this.deps.texts, this.source);
    return this.served().filter((language) => this.deps.packs.has(language) && this.deps.translations.withheldReason(language, labels) === undefined);
  }

  pack(language: string): Pick<LanguagePack, 'code' | 'name' | 'dir' | 'tag'> {
    const pack = this.deps.packs.get(language);
    return pack === undefined ? { code: language, name: language, dir: 'ltr', tag: language } : pack;
  }

  cityName(language: string): string {
    const facts = factsFor(this.deps.city, language);
    return typeof facts['name'] === 'string' ? facts['name'] : this.deps.city.name;
  }

  /** A page, feed or CAP label, e.g. `page.heading` or `feeds.postsTitle` (`{{city}}`, `{{title}}`). */
  label(language: string, key: string, vars: { title?: string } = {}): string {
    return this.deps.texts.render(language, `label:${key}`, { city: this.cityName(language), title: vars.title ?? '', language: this.pack(language).name });
  }

  /** A topic label of the status page; the topic id itself when the source language has no label for it. */
  topicLabel(language: string, topic: string): string | undefined {
    const key = `label:topics.${topic}`;
    return this.deps.texts.has(language, key) ? this.label(language, `topics.${topic}`) : undefined;
  }

  /** The emergency's title in a language: the stored one in the source language, the playbook's in any other. */
  emergencyTitle(type: string, language: string, stored: string): string {
    return this.deps.campaigns.localTitle(type, language) ?? stored;
  }

  formatDate(isoTime: string, language: string, options: Intl.DateTimeFormatOptions): string {
    return formatLocalDate(new Date(isoTime), language, { timeZone: this.deps.city.timeZone, ...options }, this.deps.calendars);
  }

  /** The topics a playbook posts when an emergency starts and when it ends (CAP says these). */
  steps(type: string): { declare: string[]; lift: string[] } {
    const playbook = this.deps.campaigns.playbooks.get(type);
    return { declare: playbook?.onDeclare.map((s) => s.topic) ?? [], lift: playbook?.onLift.map((s) => s.topic) ?? [] };
  }

  /** The languages a playbook posts in. */
  playbookLanguages(type: string): string[] {
    const playbook = this.deps.campaigns.playbooks.get(type);
    return playbook === undefined ? [] : this.deps.campaigns.languages(playbook);
  }

  /** A campaign topic's text in a language, or undefined when it may not go out in that language. */
  topicText(emergency: EmergencyFacts, topic: string, language: string, now: number): string | undefined {
    if (!this.deps.texts.has(language, templateKey(emergency.type, topic))) return undefined;
    const result = this.deps.campaigns.campaignTexts.post(emergency, topic, language, now);
    return 'text' in result ? result.text : undefined;
  }

  /**
   * The short reply for a resident writing in a recognised, unserved language: 311 with an
   * interpreter, or 911 for danger. Undefined when the city has not approved one for it.
   */
  interpreterReply(language: string, variant: InterpreterVariant, now: number): string | undefined {
    const key = `interpreter:${variant}`;
    if (!this.deps.city.languages.interpreterReplies.includes(language)) return undefined;
    if (this.deps.translations.withheldReason(language, [key]) !== undefined) return undefined;
    return this.renderPointer(language, key, now);
  }

  /**
   * A served language's own pointer to 311 with an interpreter (`interpreter.general` in its
   * `locales/<lang>.yaml`, optional), sent while its FAQ answers are held back for review; the
   * caller checks it is reviewed. Undefined when the language has none.
   */
  servedPointer(language: string, now: number): string | undefined {
    return this.deps.texts.has(language, 'interpreter:general') ? this.renderPointer(language, 'interpreter:general', now) : undefined;
  }

  private renderPointer(language: string, key: string, now: number): string {
    return this.deps.texts.render(language, key, buildTemplateContext({ type: 'none', title: '', effectiveAt: now, params: {} }, this.deps.city, now));
  }

  /**
   * The short "automated reply" marker in a language, put before automatic replies on channels
   * that ask for it; undefined when the language has none or it may not go out (unreviewed while
   * unreviewed texts are held back): the reply then goes unmarked rather than in another language.
   */
  automatedMarker(language: string): string | undefined {
    if (this.deps.translations.withheldReason(language, [AUTOMATED_MARKER_KEY]) !== undefined) return undefined;
    return automatedMarker(this.deps.texts, language);
  }

  /** A title edited by a reviewer: plain words, short enough for a post's first line. */
  static checkPlainText(key: string, language: string, text: string, max: number): void {
    if (text.trim().length === 0 || text.length > max || /[{}]/.test(text)) throw new AppError('INVALID_INPUT', `${key} (${language}): plain text of 1 to ${max} characters, no braces`);
  }

  static checkLabelEdit(texts: PublicTexts, city: CityConfig, language: string, key: string, text: string): void {
    PublicLanguages.checkRenders(texts, language, key, text, { city: city.name, title: 'Title', language: 'Language' }, 300);
  }

  static checkInterpreterEdit(texts: PublicTexts, city: CityConfig, language: string, key: string, text: string): void {
    const now = Date.now();
    PublicLanguages.checkRenders(texts, language, key, text, buildTemplateContext({ type: 'none', title: '', effectiveAt: now, params: {} }, city, now), 500);
  }

  private static checkRenders(texts: PublicTexts, language: string, key: string, text: string, context: Record<string, unknown>, max: number): void {
    if (text.trim().length === 0 || text.length > max) throw new AppError('INVALID_INPUT', `${key} (${language}): 1 to ${max} characters`);
    try {
      texts.compile(language, key, text)(context, language);
    } catch (error) {
      throw new AppError('INVALID_INPUT', (error as Error).message);
    }
  }
}
