import { randomBytes, randomUUID } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { composeStaffPosts, resolveChannelNames } from './app/compose.js';
import { createChannels } from './app/create-channels.js';
import { removeRuntimeInfo, writeRuntimeInfo } from './app/runtime-file.js';
import { checkConfiguration } from './app/check-configuration.js';
import { openStore } from './app/open-store.js';
import { createStaffCommands } from './app/staff-commands.js';
import type { Channel } from './channels/channel.js';
import { auditRetentionOf } from './config/audit-retention.js';
import type { Env } from './config/env.js';
import { secretValues } from './config/env.js';
import { systemClock, type Clock } from './domain/clock.js';
import { AppError } from './domain/errors.js';
import { EmergencyService } from './emergencies/emergency-service.js';
import { DeliveryTracker } from './health/delivery-tracker.js';
import { evaluateReadiness } from './health/readiness.js';
import { READINESS_DEADLINE_MS, readinessChecks } from './http/routes/health-routes.js';
import { createLogger } from './logging/logger.js';
import { registerMetricsRoutes } from './http/routes/metrics-routes.js';
import { startHttp } from './http/start-http.js';
import { Metrics } from './metrics/metrics.js';
import { Dispatcher } from './outbox/dispatcher.js';
import { Outbox } from './outbox/outbox.js';
import { PauseSwitch } from './outbox/pause-switch.js';
import { FaqLearning } from './learning/faq-learning.js';
import { Inbox } from './replies/inbox.js';
import { ReplyPipeline } from './replies/reply-pipeline.js';
import { ReplyRecords } from './records/reply-records.js';
import { Scheduler } from './scheduling/scheduler.js';
import type { Services } from './services.js';
import { StaffActions } from './staff/staff-actions.js';
import type { Store } from './store/store.js';
import { warnUnreviewed } from './translations/warn-unreviewed.js';
import { releaseStartUpMemory } from './app/release-start-up-memory.js';
import { registerChannelWebRoutes } from './channels/channel-web-routes.js';

/** How long start-up waits for every channel to log in before posting through those that have. */
const CHANNEL_START_WAIT_MS = 15_000;
/** Campaign work younger than this may still be in progress on another instance. */
const CAMPAIGN_WORK_GRACE_MS = 20_000;
/** What shutdown keeps for closing channels and the store after the dispatcher's drain. */
const CLOSE_RESERVE_MS = 1_500;
/** How soon a topic switched off (or a phrasing taught) on another instance applies here. */
const LEARNING_REFRESH_MS = 5_000;
/** Docker sends SIGKILL 10 s after SIGTERM: the default drain leaves room for the rest. */
export const DEFAULT_DRAIN_MS = 7_000;

export interface StartOptions {
  env: Env;
  logger?: Logger;
  clock?: Clock;
  /** Overrides config http.port (tests pass 0). */
  httpPort?: number;
  /** Where the admin URL and token are written for local CLI calls. */
  runtimeDir?: string;
  /** `tool`: build services for a one-off CLI command (no dispatcher, feeds, cron or HTTP). */
  mode?: 'service' | 'tool';
  /** Tests observe every store call through this (crash-point tests record the writes). */
  wrapStore?: (store: Store) => Store;
  /** A store built by the caller instead of one from the environment (tests wrap one to cut its writes). */
  store?: Store;
  /** The knowledge base folder instead of the shipped `faq/` (tests add a language's answers). */
  faqDir?: string;
}

export interface RunningService {
  services: Services;
  app: FastifyInstance | undefined;
  url: string | undefined;
  /** Where `/api` and `/metrics` are served: `url`, or the `http.adminListener`'s own address. */
  adminApp: FastifyInstance | undefined;
  adminUrl: string | undefined;
  adminToken: string;
  logger: Logger;
  /** Stops intake, drains in-flight sends and closes state, all within `deadlineMs` (+ the store timeout). */
  close(deadlineMs?: number): Promise<void>;
}

/**
 * The composition root: builds every adapter once, wires them, starts them, and stops them in order.
 *
 * Nothing posts until the service is sure it should: the environment and every configuration
 * file are checked first (the same checks as `civicast validate`), then the store is opened (the
 * embedded one is locked: a second instance on the same state stops here), then the HTTP port is
 * bound (a second instance on a busy port stops here), and only then do channels log in and the
 * dispatcher, schedules, campaigns and feeds start.
 */
export async function startService(options: StartOptions): Promise<RunningService> {
  const { env } = options;
  const mode = options.mode ?? 'service';
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? createLogger({ level: env.logLevel, pretty: env.logPretty, secrets: secretValues(env) });
  const { loaded, channelOptions, modules, warnings } = await checkConfiguration({ env, logger, ...(options.faqDir === undefined ? {} : { faqDir: options.faqDir }) });
  const config = loaded.config;
  for (const warning of new Set(warnings)) logger.warn(warning);
  const instanceId = env.instanceId ?? `${os.hostname()}-${process.pid}-${randomUUID().slice(0, 4)}`;

  let store: Store;
  if (options.store !== undefined) store = options.store;
  else {
    const opened = await openStore({ env, logger: logger.child({ component: 'store' }), auditRetention: auditRetentionOf(config), now: clock.now() });
    store = options.wrapStore?.(opened) ?? opened;
  }
  const outbox = new Outbox(store, clock);
  const pause = new PauseSwitch(store);
  const inbox = new Inbox(store, clock);
  // Chat commands need the services that are built below from the channels they are part of.
  const holder: { services?: Services } = {};
  const servicesRef = (): Services => {
    if (holder.services === undefined) throw new AppError('CONFLICT', 'service is still starting');
    return holder.services;
  };
  let channels: Map<string, Channel>;
  try {
    channels = await createChannels({ config, options: channelOptions, store, clock, logger, secrets: env.secrets, commands: createStaffCommands(servicesRef) });
  } catch (error) {
    await store.close();
    throw error;
  }
  const resolveChannels = (names: string[]) => resolveChannelNames(names, config, channels);
  const compose = (text: string, channelName: string): string[] => {
    const channel = channels.get(channelName);
    if (channel === undefined) throw new AppError('INVALID_INPUT', `unknown channel "${channelName}"`);
    return modules.fit(text, channel.limits);
  };

  const scheduler = new Scheduler({
    store,
    outbox,
    clock,
    logger: logger.child({ component: 'scheduler' }),
    resolveChannels,
    compose,
    configured: config.schedules
      .filter((s) => s.enabled)
      .map((s) => ({ id: s.id, cron: s.cron, timeZone: s.timeZone ?? config.city.timeZone, channels: s.channels, text: s.text, ...(s.locale === undefined ? {} : { locale: s.locale }), priority: 'routine', origin: 'config', createdBy: 'config', createdAt: 0 })),
  });
  const emergencies = new EmergencyService({
    store,
    clock,
    logger: logger.child({ component: 'emergencies' }),
    types: () => modules.emergencyTypes(),
    titleFor: (type) => modules.titleFor(type, config.city.defaultLocale),
    defaultParams: (type) => modules.defaultParams(type),
    proposalTtlMs: config.emergencies.proposalTtlHours * 3_600_000,
  });
  let posting = false;
  const deliveries = new DeliveryTracker();
  const readinessSignals = { postingStarted: () => posting, deliveries, startedAt: clock.now() };
  // Built before the services it observes; reads them through the holder once they exist.
  const metrics = new Metrics(() => holder.services, {
    defaultMetrics: mode === 'service',
    readiness: async () => (holder.services === undefined ? undefined : evaluateReadiness(readinessChecks(holder.services, readinessSignals), clock.now(), READINESS_DEADLINE_MS)),
  });
  const records = new ReplyRecords(store, clock);
  const replies = new ReplyPipeline({
    records,
    store,
    outbox,
    inbox,
    decider: modules.faq,
    currentEmergency: async () => (await emergencies.current()) ?? null,
    compose,
    marker: (channel, locale) => (config.channels[channel]?.automatedReplyMarker === true ? modules.languages.automatedMarker(locale) : undefined),
    config: config.replies,
    clock,
    logger: logger.child({ component: 'replies' }),
    observer: (message, outcome, decision, latencyMs) => metrics.observeReply(message.channel, outcome, decision, latencyMs),
  });

  const learning = new FaqLearning(store, modules.faq, clock);
  const built: Services = {
    config,
    store,
    clock,
    instanceId,
    channels,
    outbox,
    pause,
    scheduler,
    emergencies,
    inbox,
    replies,
    faq: modules.faq,
    learning,
    records,
    staff: new StaffActions({ store, config, clock, services: servicesRef }),
    statements: modules.statements,
    languages: modules.languages,
    translations: modules.translations,
    resolveChannels,
    compose,
    composePosts: (input) => composeStaffPosts(input, { resolve: resolveChannels, compose, clock }),
    feedStatus: () => modules.feedStatus(),
    pollFeed: (id) => modules.pollFeed(id),
    resumeFeed: (id) => modules.resumeFeed(id),
    previewCampaign: (type, opts) => modules.preview(type, opts, channels, resolveChannels, clock.now()),
    emergencyTypes: () => modules.emergencyTypes(),
    defaultParams: (type) => modules.defaultParams(type),
  };
  holder.services = built;
  // Reviews of translations made while running (on any instance) apply here too.
  await modules.translations.attach(store);
  // Phrasings taught and topics switched off while running (on any instance) apply here too.
  await learning.refresh();
  if (mode === 'service') warnUnreviewed(logger, modules.translations);
  const campaignRunner = modules.createCampaignRunner({ services: built, logger: logger.child({ component: 'campaigns' }) });
  emergencies.setListener(campaignRunner);

  const adminToken = env.adminToken ?? randomBytes(24).toString('base64url');
  if (mode === 'tool') {
    return { services: built, app: undefined, url: undefined, adminApp: undefined, adminUrl: undefined, adminToken, logger, close: async () => store.close() };
  }

  // The port, before anything posts: a second `civicast start` on a busy port stops here.
  const host = env.httpHost ?? config.http.host;
  const port = options.httpPort ?? env.httpPort ?? config.http.port;
  let http: Awaited<ReturnType<typeof startHttp>>;
  try {
    http = await startHttp({ services: built, logger, adminToken, host, port, readiness: readinessChecks(built, readinessSignals), plugins: [...modules.httpPlugins(built), (app) => registerChannelWebRoutes(app, () => channels)], adminPlugins: [(app) => registerMetricsRoutes(app, metrics)] });
  } catch (error) {
    await Promise.all([...channels.values()].map((c) => c.close().catch(() => undefined)));
    await store.close();
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new AppError('CONFLICT', `HTTP port ${host}:${port} is in use (another civicast, or another program); nothing was started or posted`, { cause: error });
    throw error;
  }
  const { app, url, adminApp, adminUrl } = http;
  const runtimeDir = options.runtimeDir ?? path.resolve('.civicast');
  // The CLI talks to the admin API, wherever it is served.
  writeRuntimeInfo(runtimeDir, { url: adminUrl, token: adminToken, pid: process.pid, startedAt: new Date(clock.now()).toISOString() });

  // Now posting. Channels first (the dispatcher must not post through a channel that has not
  // logged in yet), then what produces work, then feeds. Channels log in side by side; one slow
  // platform delays the others by CHANNEL_START_WAIT_MS at most.
  const channelStarts = [...channels.values()].map((channel) => {
    const canReply = config.replies.enabled && config.channels[channel.name]?.replies !== false;
    return channel
      .start(async (message) => {
        if (canReply) await replies.handle(message);
      })
      .catch((error: unknown) => logger.error({ err: error, channel: channel.name }, 'channel failed to start; other channels carry on'));
  });
  await Promise.race([Promise.all(channelStarts), new Promise((resolve) => setTimeout(resolve, CHANNEL_START_WAIT_MS).unref())]);
  const dispatcher = new Dispatcher({
    store,
    channels,
    channelConfigs: config.channels,
    outbox: config.outbox,
    pause,
    clock,
    logger: logger.child({ component: 'dispatcher' }),
    instanceId,
    observer: {
      onResult: (post, result, detail) => {
        metrics.dispatcherObserver.onResult?.(post, result, detail);
        deliveries.record(post.channel, result, clock.now(), detail.error);
      },
    },
  });
  outbox.onDuePost(() => dispatcher.wake());
  dispatcher.start();
  await scheduler.start();
  await campaignRunner.start();
  // Campaign posts a crashed run promised but never queued go out now.
  await emergencies.resumeCampaignWork(0).catch((error: unknown) => logger.warn({ err: error }, 'resuming campaign work failed'));
  const expiryTimer = setInterval(() => {
    emergencies.expireDue().catch((error: unknown) => logger.warn({ err: error }, 'expiry check failed'));
    emergencies.resumeCampaignWork(CAMPAIGN_WORK_GRACE_MS).catch((error: unknown) => logger.warn({ err: error }, 'resuming campaign work failed'));
    modules.translations.refresh().catch((error: unknown) => logger.warn({ err: error }, 'reading translation reviews failed'));
  }, 30_000);
  // Retention: final posts older than outbox.retentionDays and audit entries older than their
  // stream's retention are removed, so state stays bounded.
  const retentionTimer = setInterval(() => {
    const retention = config.outbox.retentionDays * 86_400_000;
    store.pruneFinalPosts(clock.now() - retention, 1000).catch((error: unknown) => logger.warn({ err: error }, 'retention pruning failed'));
    inbox.prune(clock.now() - retention, clock.now() - 2 * retention).catch((error: unknown) => logger.warn({ err: error }, 'inbox pruning failed'));
    records.prune(clock.now() - config.replies.recordRetentionDays * 86_400_000).catch((error: unknown) => logger.warn({ err: error }, 'record pruning failed'));
    store.pruneAudit(clock.now(), 5000).catch((error: unknown) => logger.warn({ err: error }, 'audit pruning failed'));
  }, 600_000);
  // Switching a topic off must reach every instance within seconds, not at the next 30 s tick.
  const learningTimer = setInterval(() => {
    learning.refresh().catch((error: unknown) => logger.warn({ err: error }, 'reading FAQ changes failed'));
  }, LEARNING_REFRESH_MS);
  learningTimer.unref();
  retentionTimer.unref();
  expiryTimer.unref();
  // Feeds last, polled side by side, each within its own timeout: a slow feed delays nothing.
  const feeds = modules.createFeedRunner({ store, clock, logger: logger.child({ component: 'feeds' }), instanceId, onSignal: (signal) => emergencies.applySignal(signal).then(() => undefined) });
  await feeds.start();
  releaseStartUpMemory();
  posting = true;
  logger.info({ url, ...(adminUrl === url ? {} : { adminUrl }), store: store.kind, location: store.location, channels: [...channels.keys()], instanceId }, 'civicast is running');

  let closed = false;
  return {
    services: built,
    app,
    url,
    adminApp,
    adminUrl,
    adminToken,
    logger,
    async close(deadlineMs = DEFAULT_DRAIN_MS) {
      if (closed) return;
      closed = true;
      const end = Date.now() + deadlineMs;
      const remaining = (reserve = 0) => Math.max(0, end - Date.now() - reserve);
      const within = <T>(work: Promise<T>, ms: number) => Promise.race([work.then(() => undefined), new Promise<void>((resolve) => setTimeout(resolve, ms).unref())]);
      // Stop intake first, let in-flight sends finish, then close state; every step is bounded,
      // so a platform or a store that does not answer cannot keep the process past Docker's kill.
      await within(feeds.close(), remaining(CLOSE_RESERVE_MS));
      scheduler.close();
      campaignRunner.close();
      clearInterval(expiryTimer);
      clearInterval(retentionTimer);
      clearInterval(learningTimer);
      // Requests still running after http.shutdownGraceSeconds are cut off.
      await within(http.close(), remaining(CLOSE_RESERVE_MS));
      await dispatcher.close(remaining(CLOSE_RESERVE_MS));
      await within(Promise.all([...channels.values()].map((c) => c.close().catch(() => undefined))), remaining(CLOSE_RESERVE_MS / 2));
      await store.close();
      removeRuntimeInfo(runtimeDir, process.pid);
      logger.info('civicast stopped');
    },
  };
}
