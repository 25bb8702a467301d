import path from 'node:path';
import type { Channel } from '../channels/channel.js';
import { limitsByKind } from '../channels/registry.js';
import { ConfigError, type ConfigProblem } from '../config/config-error.js';
import type { CivicastConfig } from '../config/schema.js';
import type { Emergency } from '../domain/emergency.js';
import { AppError } from '../domain/errors.js';
import type { PreviewRow } from '../services.js';
import type { TemplateEngine } from '../templates/engine.js';
import { fitToChannel } from '../templates/fit-to-channel.js';
import { measureLength } from '../templates/measure-length.js';
import { buildTemplateContext } from '../templates/template-context.js';
import { TemplateSet } from '../templates/template-set.js';
import type { CampaignPhase, CampaignPlanner } from './campaign-runner.js';
import { planCampaign, type PlanTarget, type UnfitPost } from './plan-campaign.js';
import { loadPlaybooks, playbookTopics, type Playbook } from './playbook.js';

/** A campaign post longer than this many thread parts is too long to read, on any platform. */
const CAMPAIGN_MAX_PARTS = 6;

/** Playbooks and templates, validated together at start-up. */
export class CampaignContent {
  private constructor(
    readonly playbooks: Map<string, Playbook>,
    readonly templates: TemplateSet,
    private readonly config: CivicastConfig,
  ) {}

  static load(input: { configDir: string; templatesDir: string; engine: TemplateEngine; config: CivicastConfig; warnings?: string[] }): CampaignContent {
    const playbooks = loadPlaybooks(path.join(input.configDir, 'playbooks'));
    const templates = TemplateSet.load(input.templatesDir, input.engine, input.config.city.defaultLocale);
    const content = new CampaignContent(playbooks, templates, input.config);
    content.validate(input.warnings ?? []);
    return content;
  }

  /** Every topic renders in every locale with sample values and fits every platform. */
  private validate(warnings: string[]): void {
    const problems: ConfigProblem[] = [];
    const now = Date.UTC(2026, 0, 19, 23, 0);
    for (const playbook of this.playbooks.values()) {
      const sample = this.sampleEmergency(playbook, now);
      const context = buildTemplateContext(sample, this.config.city, now);
      for (const topic of playbookTopics(playbook)) {
        for (const locale of playbook.locales) {
          const template = this.templates.resolve(playbook.type, topic, locale);
          if (template === undefined) {
            problems.push({ file: `templates/${playbook.type}/${topic}.${this.config.city.defaultLocale}.hbs`, path: '', message: `missing: playbook ${playbook.type} posts "${topic}"` });
            continue;
          }
          if (template.locale !== locale) warnings.push(`templates/${playbook.type}/${topic}.${locale}.hbs is missing: ${locale} falls back to ${template.locale}`);
          let text: string;
          try {
            text = template.compiled(context, template.locale);
          } catch (error) {
            problems.push({ file: template.file, path: '', message: (error as Error).message.replace(`${template.file}: `, '') });
            continue;
          }
          // Every kind's declared limits (from the registry): a post must fit wherever it may go.
          for (const [platform, limits] of Object.entries(limitsByKind())) {
            try {
              fitToChannel(text, { ...limits, maxThreadParts: Math.min(limits.maxThreadParts, CAMPAIGN_MAX_PARTS) });
            } catch (error) {
              problems.push({ file: template.file, path: '', message: `does not fit ${platform}: ${(error as Error).message}` });
            }
          }
        }
      }
    }
    if (problems.length > 0) throw new ConfigError(problems);
  }

  private sampleEmergency(playbook: Playbook, now: number): Emergency {
    return {
      id: 'sample',
      type: playbook.type,
      status: 'active',
      title: this.titleFor(playbook.type, this.config.city.defaultLocale),
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

  types(): string[] {
    return [...this.playbooks.keys()];
  }

  titleFor(type: string, locale: string): string {
    const playbook = this.playbooks.get(type);
    return playbook?.title[locale] ?? playbook?.title[this.config.city.defaultLocale] ?? `${type} emergency`;
  }

  defaultParams(type: string): Playbook['defaultParams'] {
    return { ...(this.playbooks.get(type)?.defaultParams ?? {}) };
  }

  private require(type: string): Playbook {
    const playbook = this.playbooks.get(type);
    if (playbook === undefined) throw new AppError('INVALID_INPUT', `no playbook for "${type}" (known: ${this.types().join(', ')})`);
    return playbook;
  }

  /** Targets of a campaign: the playbook's channels, or only drill channels for a drill. */
  targets(playbook: Playbook, drill: boolean, channels: ReadonlyMap<string, Channel>, resolve: (names: string[]) => string[]): PlanTarget[] {
    const names = drill
      ? Object.entries(this.config.channels).filter(([name, c]) => c.drill && channels.has(name)).map(([name]) => name)
      : resolve(playbook.channels);
    return names.flatMap((name) => {
      const channel = channels.get(name);
      const locales = this.config.channels[name]?.locales;
      return channel === undefined ? [] : [{ channel: name, limits: channel.limits, ...(locales === undefined ? {} : { locales }) }];
    });
  }

  planner(channels: ReadonlyMap<string, Channel>, resolve: (names: string[]) => string[], now: () => number): CampaignPlanner {
    return {
      plan: (emergency: Emergency, phase: CampaignPhase, occurrence?: string, reminderIndex?: number, unfit?: UnfitPost[]) => {
        const playbook = this.require(emergency.type);
        return planCampaign({
          emergency,
          playbook,
          phase,
          ...(occurrence === undefined ? {} : { occurrence }),
          ...(reminderIndex === undefined ? {} : { reminderIndex }),
          ...(unfit === undefined ? {} : { unfit }),
          targets: this.targets(playbook, emergency.drill, channels, resolve),
          templates: this.templates,
          city: this.config.city,
          now: now(),
        });
      },
      reminders: (type: string) => this.playbooks.get(type)?.reminders ?? [],
    };
  }

  /** Every post of every phase, per channel and locale, with counted length. */
  preview(type: string, options: { locale?: string; channel?: string; params?: Record<string, string | number | boolean> }, channels: ReadonlyMap<string, Channel>, resolve: (names: string[]) => string[], now: number): PreviewRow[] {
    const playbook = this.require(type);
    const emergency = { ...this.sampleEmergency(playbook, now), id: 'preview', params: { ...playbook.defaultParams, ...(options.params ?? {}) } };
    const rows: PreviewRow[] = [];
    const phases: CampaignPhase[] = ['declare', ...(playbook.reminders.length > 0 ? (['reminder'] as const) : []), 'update', 'lift'];
    for (const phase of phases) {
      const targets = this.targets(playbook, false, channels, resolve).filter((t) => options.channel === undefined || t.channel === options.channel);
      const posts = planCampaign({ emergency, playbook, phase, reminderIndex: 0, targets, templates: this.templates, city: this.config.city, now });
      for (const post of posts) {
        if (options.locale !== undefined && post.locale !== options.locale) continue;
        const limits = channels.get(post.channel)?.limits;
        if (limits === undefined) continue;
        const topic = /:\d\d-([a-z0-9-]+):/.exec(post.id)?.[1] ?? '';
        rows.push({ phase, topic, locale: post.locale ?? '', channel: post.channel, parts: post.parts, length: Math.max(...post.parts.map((p) => measureLength(p, limits.lengthRule))), limit: limits.maxLength });
      }
    }
    return rows;
  }
}
