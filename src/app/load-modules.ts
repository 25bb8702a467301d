import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { CampaignContent } from '../campaigns/campaign-content.js';
import { CampaignRunner } from '../campaigns/campaign-runner.js';
import type { Channel, ChannelLimits } from '../channels/channel.js';
import type { CivicastConfig } from '../config/schema.js';
import type { Clock } from '../domain/clock.js';
import type { EmergencyParams } from '../domain/emergency.js';
import type { Signal } from '../domain/signal.js';
import type { EmergencyListener } from '../emergencies/emergency-service.js';
import type { FeedStatusView, PreviewRow, Services } from '../services.js';
import type { Store } from '../store/store.js';
import { TemplateEngine } from '../templates/engine.js';
import { fitToChannel } from '../templates/fit-to-channel.js';
import { FeedPoller } from '../feeds/feed-poller.js';
import { ConfigError } from '../config/config-error.js';
import { AppError } from '../domain/errors.js';
import { checkAnswers } from '../faq/check-answers.js';
import { createDangerDetector } from '../faq/danger/create-danger-detector.js';
import { createFaqService } from '../faq/faq-service.js';
import { loadKnowledgeBase } from '../faq/knowledge-base.js';
import { consolePlugin } from '../http/console/console-plugin.js';
import { registerPublicRoutes } from '../http/public/public-routes.js';

export interface CampaignRunnerHandle extends EmergencyListener {
  start(): Promise<void>;
  close(): void;
}

export interface FeedRunnerHandle {
  start(): Promise<void>;
  close(): Promise<void>;
}

/** The content-bearing modules (FAQ, templates and playbooks, feeds, console), loaded at start-up. */
export interface Modules {
  fit(text: string, limits: ChannelLimits): string[];
  faq: Services['faq'];
  emergencyTypes(): string[];
  titleFor(type: string, locale: string): string;
  defaultParams(type: string): EmergencyParams;
  feedStatus(): FeedStatusView[];
  pollFeed(id: string): Promise<{ status: string; items: number; signals: number; error?: string }>;
  resumeFeed(id: string): Promise<void>;
  preview(type: string, options: { locale?: string; channel?: string; params?: EmergencyParams }, channels: ReadonlyMap<string, Channel>, resolve: (names: string[]) => string[], now: number): PreviewRow[];
  createCampaignRunner(input: { services: Services; logger: Logger }): CampaignRunnerHandle;
  createFeedRunner(input: { store: Store; clock: Clock; logger: Logger; instanceId: string; onSignal: (signal: Signal) => Promise<void> }): FeedRunnerHandle;
  httpPlugins(services: Services): ((app: FastifyInstance) => Promise<void> | void)[];
}

export interface LoadModulesInput {
  configDir: string;
  config: CivicastConfig;
  logger: Logger;
  /** The knowledge base; the one shipped with the code by default. */
  faqDir?: string;
  /** Non-fatal findings (a locale falling back to English) are collected here. */
  warnings?: string[];
}

/** Templates and the FAQ ship with the code; resolved from the package root, not the working directory. */
export const PACKAGE_ROOT = fileURLToPath(new URL('../..', import.meta.url));

export async function loadModules(input: LoadModulesInput): Promise<Modules> {
  const { config } = input;
  const engine = new TemplateEngine({ timeZone: config.city.timeZone });
  const content = CampaignContent.load({
    configDir: input.configDir,
    templatesDir: path.join(PACKAGE_ROOT, 'templates'),
    engine,
    config,
    ...(input.warnings === undefined ? {} : { warnings: input.warnings }),
  });
  const unknownTypes = [...config.feeds.rules, ...config.feeds.sources.flatMap((s) => s.rules ?? [])].filter((r) => !content.types().includes(r.type));
  if (unknownTypes.length > 0) {
    throw new ConfigError(unknownTypes.map((r) => ({ file: 'config/feeds.yaml', path: 'feeds.rules', message: `type "${r.type}" has no playbook (known: ${content.types().join(', ')})` })));
  }
  const faqDir = input.faqDir ?? path.join(PACKAGE_ROOT, 'faq');
  const kb = loadKnowledgeBase(faqDir, engine);
  const danger = createDangerDetector(path.join(faqDir, 'danger'), kb);
  const faq = createFaqService(kb, { locales: config.city.locales, defaultLocale: config.city.defaultLocale, languages: config.city.languages, threshold: config.replies.threshold, city: config.city, danger });
  const answerProblems = checkAnswers({
    kb,
    faq,
    locales: config.city.locales,
    emergencyTypes: content.types(),
    defaultParams: (type) => content.defaultParams(type),
    titleFor: (type, locale) => content.titleFor(type, locale),
  });
  if (answerProblems.length > 0) throw new ConfigError(answerProblems);
  let poller: FeedPoller | undefined;
  return {
    fit: fitToChannel,
    faq,
    emergencyTypes: () => content.types(),
    titleFor: (type, locale) => content.titleFor(type, locale),
    defaultParams: (type) => content.defaultParams(type),
    feedStatus: () => poller?.status() ?? [],
    pollFeed: async (id) => {
      if (poller === undefined) throw new AppError('CONFLICT', 'feeds are not running in this process');
      if (!config.feeds.sources.some((s) => s.id === id)) throw new AppError('NOT_FOUND', `no feed "${id}"`);
      return poller.pollOnce(id);
    },
    resumeFeed: async (id) => {
      if (poller === undefined) throw new AppError('CONFLICT', 'feeds are not running in this process');
      await poller.resume(id);
    },
    preview: (type, options, channels, resolve, now) => content.preview(type, options, channels, resolve, now),
    createCampaignRunner: ({ services, logger }) => new CampaignRunner({ services, planner: content.planner(services.channels, services.resolveChannels, () => services.clock.now()), logger }),
    createFeedRunner: ({ store, clock, logger, instanceId, onSignal }) => {
      // `file:` sources are relative to the directory holding config/, so a copied config works.
      poller = new FeedPoller({ config: config.feeds, store, clock, logger, instanceId, baseDir: path.dirname(input.configDir), feedsRequireApproval: config.emergencies.feedsRequireApproval, onSignal });
      return poller;
    },
    httpPlugins: (services) => [(app) => registerPublicRoutes(app, services, { webDir: path.join(PACKAGE_ROOT, 'web') }), consolePlugin(services, path.join(PACKAGE_ROOT, 'web', 'console'))],
  };
}
