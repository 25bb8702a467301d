import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { CampaignRunner } from '../campaigns/campaign-runner.js';
import type { Channel, ChannelLimits } from '../channels/channel.js';
import type { CivicastConfig } from '../config/schema.js';
import type { Clock } from '../domain/clock.js';
import type { EmergencyParams } from '../domain/emergency.js';
import type { Signal } from '../domain/signal.js';
import type { EmergencyListener } from '../emergencies/emergency-service.js';
import type { FeedStatusView, PreviewRow, Services } from '../services.js';
import type { Store } from '../store/store.js';
import { loadLanguageContent } from '../languages/load-language-content.js';
import type { PublicLanguages } from '../languages/public-languages.js';
import type { Translations } from '../translations/translations.js';
import { fitToChannel } from '../templates/fit-to-channel.js';
import { FeedPoller } from '../feeds/feed-poller.js';
import { ConfigError } from '../config/config-error.js';
import { AppError } from '../domain/errors.js';
import { checkAnswers } from '../faq/check-answers.js';
import { createDangerDetector } from '../faq/danger/create-danger-detector.js';
import { createFaqService } from '../faq/faq-service.js';
import { loadKnowledgeBase, readTopics } from '../faq/knowledge-base.js';
import { liveAnswerTexts } from '../translations/live-answer-texts.js';
import { consolePlugin } from '../http/console/console-plugin.js';
import { registerPublicRoutes } from '../http/public/public-routes.js';
import { checkStatements } from '../statements/check-statements.js';
import { loadPublicStatements } from '../statements/public-statements.js';

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
  /** What the status page and the CAP feed say (not FAQ replies). */
  statements: Services['statements'];
  /** Labels, titles, dates and replies in every served language (public pages, CAP, unserved languages). */
  languages: PublicLanguages;
  /** Review status of every translated text; reviews made while running apply live. */
  translations: Translations;
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
  /** Non-fatal findings (a playbook leaving a language out) are collected here. */
  warnings?: string[];
  /** Content folders; those shipped with the code by default (tests point them elsewhere). */
  templatesDir?: string;
  localesDir?: string;
  translationsDir?: string;
}

/** Where templates, labels and translation ledgers are: shipped beside the code unless given. */
export function contentDirs(input: Pick<LoadModulesInput, 'templatesDir' | 'localesDir' | 'translationsDir' | 'faqDir'>): { templatesDir: string; localesDir: string; translationsDir: string; faqDir: string } {
  return {
    faqDir: input.faqDir ?? path.join(PACKAGE_ROOT, 'faq'),
    templatesDir: input.templatesDir ?? path.join(PACKAGE_ROOT, 'templates'),
    localesDir: input.localesDir ?? path.join(PACKAGE_ROOT, 'locales'),
    translationsDir: input.translationsDir ?? path.join(PACKAGE_ROOT, 'translations'),
  };
}

/** Templates and the FAQ ship with the code; resolved from the package root, not the working directory. */
export const PACKAGE_ROOT = fileURLToPath(new URL('../..', import.meta.url));

export async function loadModules(input: LoadModulesInput): Promise<Modules> {
  const { config } = input;
  const dirs = contentDirs(input);
  // The FAQ's files, parsed once: the review texts and the knowledge base are both built from them.
  const faqTopics = readTopics(dirs.faqDir);
  const languageContent = loadLanguageContent({
    configDir: input.configDir,
    config,
    ...dirs,
    faqTopics,
    ...(input.warnings === undefined ? {} : { warnings: input.warnings }),
  });
  // Every served language complete, nothing falling back to another language: or no start.
  if (languageContent.problems.length > 0) throw new ConfigError(languageContent.problems);
  const { engine, campaigns: content, languages, translations } = languageContent;
  const unknownTypes = [...config.feeds.rules, ...config.feeds.sources.flatMap((s) => s.rules ?? [])].filter((r) => !content.types().includes(r.type));
  if (unknownTypes.length > 0) {
    throw new ConfigError(unknownTypes.map((r) => ({ file: 'config/feeds.yaml', path: 'feeds.rules', message: `type "${r.type}" has no playbook (known: ${content.types().join(', ')})` })));
  }
  const faqDir = dirs.faqDir;
  const kb = loadKnowledgeBase(faqDir, engine, undefined, faqTopics);
  const danger = createDangerDetector(path.join(faqDir, 'danger'), kb);
  const faq = createFaqService(kb, {
    locales: config.city.languages.served,
    defaultLocale: config.city.defaultLocale,
    languages: config.city.languages,
    threshold: config.replies.threshold,
    city: config.city,
    danger,
    titleFor: (type, language) => content.localTitle(type, language),
    interpreterReply: (language, variant, now) => languages.interpreterReply(language, variant, now),
    answerTexts: liveAnswerTexts({ translations, texts: languageContent.texts, pointer: (language, now) => languages.servedPointer(language, now) }),
  });
  const answerProblems = checkAnswers({
    kb,
    faq,
    locales: config.city.languages.served,
    emergencyTypes: content.types(),
    defaultParams: (type) => content.defaultParams(type),
    titleFor: (type, locale) => content.titleFor(type, locale),
  });
  if (answerProblems.length > 0) throw new ConfigError(answerProblems);
  const statements = loadPublicStatements({ dir: path.join(PACKAGE_ROOT, 'statements'), engine, city: config.city, types: content.types(), titleFor: (type, language) => content.localTitle(type, language) });
  const statementProblems = checkStatements({ statements, locales: config.city.languages.served, emergencyTypes: content.types(), defaultParams: (type) => content.defaultParams(type), titleFor: (type, locale) => content.titleFor(type, locale) });
  if (statementProblems.length > 0) throw new ConfigError(statementProblems);
  let poller: FeedPoller | undefined;
  return {
    fit: fitToChannel,
    faq,
    statements,
    languages,
    translations,
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
