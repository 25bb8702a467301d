import path from 'node:path';
import type { Channel } from '../channels/channel.js';
import { limitsByKind } from '../channels/registry.js';
import type { ConfigProblem } from '../config/config-error.js';
import type { CivicastConfig } from '../config/schema.js';
import type { Emergency } from '../domain/emergency.js';
import { AppError } from '../domain/errors.js';
import type { PublicTexts } from '../languages/public-texts.js';
import { textDependencies } from '../languages/text-dependencies.js';
import type { PreviewRow } from '../services.js';
import { fitToChannel } from '../templates/fit-to-channel.js';
import { formatLocalDate, type Calendars } from '../templates/local-dates.js';
import { measureLength } from '../templates/measure-length.js';
import { buildTemplateContext } from '../templates/template-context.js';
import { templateKey, TemplateSet } from '../templates/template-set.js';
import type { CampaignPhase, CampaignPlanner } from './campaign-runner.js';
import { planCampaign, type CampaignTexts, type PlanTarget, type UnfitPost } from './plan-campaign.js';
import { loadPlaybooks, playbookTopics, type Playbook } from './playbook.js';

/** A campaign post longer than this many thread parts is too long to read, on any platform. */
const CAMPAIGN_MAX_PARTS = 6;

/** The time the validation renders at (a winter evening, the longest date formats). */
const SAMPLE_NOW = Date.UTC(2026, 0, 19, 23, 0);

export function titleKey(type: string): string {
  return `title:${type}`;
}

export interface CampaignContentInput {
  configDir: string;
  templatesDir: string;
  texts: PublicTexts;
  config: CivicastConfig;
  calendars?: Calendars;
  /** The direction of each language's script, for previews. */
  dirOf?: (language: string) => 'ltr' | 'rtl';
  /** Why a language's texts may not go out now (unreviewed, with the city allowing only reviewed ones). */
  withheldReason?: (language: string, keys: readonly string[]) => string | undefined;
}

/** Playbooks and their templates in every language, checked together at start-up. */
export class CampaignContent {
  private constructor(
    readonly playbooks: Map<string, Playbook>,
    readonly templates: TemplateSet,
    private readonly input: CampaignContentInput,
  ) {}

  /** Loads playbooks and templates; syntax errors throw, gaps are for `problems()`. */
  static load(input: CampaignContentInput): CampaignContent {
    const playbooks = loadPlaybooks(path.join(input.configDir, 'playbooks'));
    for (const playbook of playbooks.values()) {
      for (const [language, text] of Object.entries(playbook.title)) {
        input.texts.add({ key: titleKey(playbook.type), language, text, file: path.join('config', 'playbooks', `${playbook.type}.yaml`), path: `title.${language}` });
      }
    }
    return new CampaignContent(playbooks, TemplateSet.load(input.templatesDir, input.texts), input);
  }

  private get config(): CivicastConfig {
    return this.input.config;
  }

  private get source(): string {
    return this.config.city.defaultLocale;
  }

  /** The languages a playbook posts in: its own list, or every served language; the source language first. */
  languages(playbook: Playbook): string[] {
    const served = this.config.city.languages.served;
    const chosen = playbook.locales === undefined ? served : served.filter((l) => playbook.locales?.includes(l));
    return [...chosen].sort((a, b) => (a === this.source ? -1 : b === this.source ? 1 : 0));
  }

  /** Every topic the playbooks post, in every language they post in: the keys a language needs. */
  expectedKeys(language: string): string[] {
    const keys: string[] = [];
    for (const playbook of this.playbooks.values()) {
      if (!this.languages(playbook).includes(language)) continue;
      keys.push(titleKey(playbook.type), ...playbookTopics(playbook).map((topic) => templateKey(playbook.type, topic)));
    }
    return keys;
  }

  /**
   * Every title and template a served language needs, rendered with sample values and fitted to
   * every platform. A missing one is a problem: no post falls back to another language.
   */
  problems(warnings: string[] = []): ConfigProblem[] {
    const problems: ConfigProblem[] = [];
    const served = this.config.city.languages.served;
    for (const playbook of this.playbooks.values()) {
      const file = path.join('config', 'playbooks', `${playbook.type}.yaml`);
      playbook.locales?.forEach((language, i) => {
        if (!served.includes(language)) problems.push({ file, path: `locales[${i}]`, message: `"${language}" is not a served language (city.languages.served)` });
      });
      const left = served.filter((l) => !this.languages(playbook).includes(l));
      if (left.length > 0) warnings.push(`${file}: the ${playbook.type} playbook does not post in ${left.join(', ')} (its locales list leaves them out)`);
      for (const language of this.languages(playbook)) {
        if (playbook.title[language] === undefined) problems.push({ file, path: `title.${language}`, message: `missing: the ${playbook.type} posts in ${language} need its title` });
        for (const topic of playbookTopics(playbook)) {
          if (!this.templates.has(playbook.type, topic, language)) {
            problems.push({ file: this.templates.file(playbook.type, topic, language), path: '', message: `missing: playbook ${playbook.type} posts "${topic}" in ${language}` });
            continue;
          }
          const templateFile = this.templates.file(playbook.type, topic, language);
          try {
            this.checkFits(this.sampleText(playbook, topic, language));
          } catch (error) {
            problems.push({ file: templateFile, path: '', message: (error as Error).message.replace(`${templateFile}: `, '') });
          }
        }
      }
    }
    return problems;
  }

  /** A template edited by a reviewer: it must render in its language and fit every platform. */
  checkTemplateEdit(language: string, key: string, text: string): void {
    const [type = '', topic = ''] = key.slice('template:'.length).split('/');
    const playbook = this.playbooks.get(type);
    if (playbook === undefined) throw new AppError('INVALID_INPUT', `no playbook "${type}"`);
    try {
      const compiled = this.input.texts.compile(language, key, text);
      this.checkFits(compiled(this.sampleContext(playbook, language), language));
    } catch (error) {
      throw new AppError('INVALID_INPUT', `${key} (${language}): ${(error as Error).message.replace(`${key} (${language}): `, '')}`);
    }
    if (!playbookTopics(playbook).includes(topic)) throw new AppError('INVALID_INPUT', `the ${type} playbook posts no "${topic}"`);
  }

  private checkFits(text: string): void {
    // Every kind's declared limits (from the registry): a post must fit wherever it may go.
    for (const [platform, limits] of Object.entries(limitsByKind())) {
      try {
        fitToChannel(text, { ...limits, maxThreadParts: Math.min(limits.maxThreadParts, CAMPAIGN_MAX_PARTS) });
      } catch (error) {
        throw new Error(`does not fit ${platform}: ${(error as Error).message}`, { cause: error });
      }
    }
  }

  private sampleEmergency(playbook: Playbook, now: number): Emergency {
    return {
      id: 'sample',
      type: playbook.type,
      status: 'active',
      title: this.titleFor(playbook.type, this.source),
      effectiveAt: now,
      expiresAt: now + 86_400_000,
      params: { ...playbook.defaultParams },
      source: 'validate',
      externalKeys: [],
      drill: false,
      createdAt: now,
      updatedAt: now,
      revision: 1,
      history: [],
    };
  }

  private sampleContext(playbook: Playbook, language: string) {
    return this.contextFor(this.sampleEmergency(playbook, SAMPLE_NOW), language, SAMPLE_NOW);
  }

  private sampleText(playbook: Playbook, topic: string, language: string): string {
    return this.templates.renderOnce(playbook.type, topic, language, this.sampleContext(playbook, language));
  }

  /** What a template of `language` reads: that language's facts and the emergency's title in it. */
  contextFor(emergency: Pick<Emergency, 'type' | 'title' | 'effectiveAt' | 'params'> & { expiresAt?: number; revision?: number }, language: string, now: number) {
    const title = this.localTitle(emergency.type, language);
    return buildTemplateContext(emergency, this.config.city, now, { language, ...(title === undefined ? {} : { title }) });
  }

  types(): string[] {
    return [...this.playbooks.keys()];
  }

  /** The playbook's title in a language (a reviewer's edit included); the type when it has none. */
  titleFor(type: string, language: string): string {
    return this.input.texts.text(language, titleKey(type)) ?? `${type} emergency`;
  }

  /**
   * The title a post in `language` says. In the source language, the emergency's own (a feed's
   * "Winter Storm Warning", or what staff typed); in any other, the playbook's title in that
   * language, never the English one.
   */
  localTitle(type: string, language: string): string | undefined {
    return language === this.source ? undefined : this.input.texts.text(language, titleKey(type));
  }

  defaultParams(type: string): Playbook['defaultParams'] {
    return { ...(this.playbooks.get(type)?.defaultParams ?? {}) };
  }

  private require(type: string): Playbook {
    const playbook = this.playbooks.get(type);
    if (playbook === undefined) throw new AppError('INVALID_INPUT', `no playbook for "${type}" (known: ${this.types().join(', ')})`);
    return playbook;
  }

  /** The planner's view of the texts: one topic in one language, withheld when it may not go out. */
  readonly campaignTexts: CampaignTexts = {
    languages: (playbook) => this.languages(playbook),
    post: (emergency, topic, language, now) => {
      const type = emergency.type;
      const source = this.input.texts.text(language, templateKey(type, topic));
      if (source === undefined) throw new Error(`no ${language} template for ${type}/${topic}`);
      const reason = this.input.withheldReason?.(language, this.keysBehind(type, topic, language, source));
      if (reason !== undefined) return { withheld: reason };
      return { text: this.templates.render(type, topic, language, this.contextFor(emergency, language, now)) };
    },
    stamp: (at, language) => formatLocalDate(new Date(at), language, { timeZone: this.config.city.timeZone, weekday: 'short', hour: 'numeric', minute: '2-digit' }, this.input.calendars),
  };

  /** The texts a post of `topic` in `language` is made of: its template, the title and the word facts it says. */
  private keysBehind(type: string, topic: string, language: string, source: string): string[] {
    const { facts, usesTitle } = textDependencies(source);
    const words = this.config.city.factsByLanguage[this.source] ?? {};
    return [templateKey(type, topic), ...(usesTitle && language !== this.source ? [titleKey(type)] : []), ...facts.filter((f) => words[f] !== undefined).map((f) => `fact:${f}`)];
  }

  /** Targets of a campaign: the playbook's channels, or only drill channels for a drill. */
  targets(playbook: Playbook, drill: boolean, channels: ReadonlyMap<string, Channel>, resolve: (names: string[]) => string[]): PlanTarget[] {
    const names = drill
      ? Object.entries(this.config.channels).filter(([name, c]) => c.drill && channels.has(name)).map(([name]) => name)
      : resolve(playbook.channels);
    return names.flatMap((name) => {
      const channel = channels.get(name);
      const own = this.config.channels[name];
      if (channel === undefined) return [];
      return [{ channel: name, limits: channel.limits, languageMode: own?.languageMode ?? 'separate', ...(own?.locales === undefined ? {} : { locales: own.locales }) }];
    });
  }

  planner(channels: ReadonlyMap<string, Channel>, resolve: (names: string[]) => string[], now: () => number): CampaignPlanner {
    return {
      plan: (emergency: Emergency, phase: CampaignPhase, occurrence?: string, reminderIndex?: number, unfit?: UnfitPost[], withheld?: UnfitPost[]) => {
        const playbook = this.require(emergency.type);
        return planCampaign({
          emergency,
          playbook,
          phase,
          ...(occurrence === undefined ? {} : { occurrence }),
          ...(reminderIndex === undefined ? {} : { reminderIndex }),
          ...(unfit === undefined ? {} : { unfit }),
          ...(withheld === undefined ? {} : { withheld }),
          targets: this.targets(playbook, emergency.drill, channels, resolve),
          texts: this.campaignTexts,
          now: now(),
        });
      },
      reminders: (type: string) => this.playbooks.get(type)?.reminders ?? [],
    };
  }

  /** Every post of every phase, per channel and language, with counted length. */
  preview(type: string, options: { locale?: string; channel?: string; params?: Record<string, string | number | boolean> }, channels: ReadonlyMap<string, Channel>, resolve: (names: string[]) => string[], now: number): PreviewRow[] {
    const playbook = this.require(type);
    const emergency = { ...this.sampleEmergency(playbook, now), id: 'preview', params: { ...playbook.defaultParams, ...(options.params ?? {}) } };
    const dirOf = this.input.dirOf ?? (() => 'ltr' as const);
    const rows: PreviewRow[] = [];
    const phases: CampaignPhase[] = ['declare', ...(playbook.reminders.length > 0 ? (['reminder'] as const) : []), 'update', 'lift'];
    for (const phase of phases) {
      const targets = this.targets(playbook, false, channels, resolve).filter((t) => options.channel === undefined || t.channel === options.channel);
      const posts = planCampaign({ emergency, playbook, phase, reminderIndex: 0, targets, texts: this.campaignTexts, now });
      for (const post of posts) {
        const partLocales = post.partLocales ?? post.parts.map(() => post.locale ?? this.source);
        if (options.locale !== undefined && !partLocales.includes(options.locale)) continue;
        const limits = channels.get(post.channel)?.limits;
        if (limits === undefined) continue;
        const topic = /:\d\d-([a-z0-9-]+):/.exec(post.id)?.[1] ?? '';
        rows.push({
          phase,
          topic,
          locale: post.locale ?? '',
          channel: post.channel,
          parts: post.parts,
          partLocales,
          partDirs: partLocales.map(dirOf),
          length: Math.max(...post.parts.map((p) => measureLength(p, limits.lengthRule))),
          limit: limits.maxLength,
        });
      }
    }
    return rows;
  }
}
