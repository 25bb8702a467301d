import { randomBytes, randomUUID } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { composeStaffPosts, resolveChannelNames } from './app/compose.js';
import { createChannels } from './app/create-channels.js';
import { removeRuntimeInfo, writeRuntimeInfo } from './app/runtime-file.js';
import { createStaffCommands } from './app/staff-commands.js';
import type { Channel } from './channels/channel.js';
import { validateChannelOptions } from './config/channel-options.js';
import type { Env } from './config/env.js';
import { secretValues } from './config/env.js';
import { loadConfig } from './config/load-config.js';
import { systemClock, type Clock } from './domain/clock.js';
import { AppError } from './domain/errors.js';
import { EmergencyService } from './emergencies/emergency-service.js';
import { createLogger } from './logging/logger.js';
import { registerMetricsRoutes } from './http/routes/metrics-routes.js';
import { startHttp } from './http/start-http.js';
import { Metrics } from './metrics/metrics.js';
import { Dispatcher } from './outbox/dispatcher.js';
import { Outbox } from './outbox/outbox.js';
import { PauseSwitch } from './outbox/pause-switch.js';
import { Inbox } from './replies/inbox.js';
import { ReplyPipeline } from './replies/reply-pipeline.js';
import { Scheduler } from './scheduling/scheduler.js';
import type { Services } from './services.js';
import { StaffActions } from './staff/staff-actions.js';
import { MemoryStore } from './store/memory/memory-store.js';
import { RedisStore } from './store/redis/redis-store.js';
import type { Store } from './store/store.js';
import { loadModules, type Modules } from './app/load-modules.js';
import { registerChannelWebRoutes } from './channels/channel-web-routes.js';

/** How long start-up waits for every channel to log in before posting through those that have. */
const CHANNEL_START_WAIT_MS = 15_000;
/** Campaign work younger than this may still be in progress on another instance. */
const CAMPAIGN_WORK_GRACE_MS = 20_000;

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
  close(deadlineMs?: number): Promise<void>;
}

/** The composition root: builds every adapter once, wires them, starts them, and stops them in order. */
export async function startService(options: StartOptions): Promise<RunningService> {
  const { env } = options;
  const mode = options.mode ?? 'service';
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? createLogger({ level: env.logLevel, pretty: env.logPretty, secrets: secretValues(env) });
  const loaded = loadConfig(env.configDir);
  const config = loaded.config;
  const channelOptions = validateChannelOptions(loaded);
  const modules: Modules = await loadModules({ configDir: env.configDir, config, logger });
  const instanceId = env.instanceId ?? `${os.hostname()}-${process.pid}-${randomUUID().slice(0, 4)}`;

  const store: Store = env.redisUrl !== undefined ? new RedisStore({ url: env.redisUrl, prefix: env.redisPrefix }) : new MemoryStore({ ...(env.stateDir === undefined ? {} : { stateDir: path.resolve(env.stateDir) }) });
  const outbox = new Outbox(store, clock);
  const pause = new PauseSwitch(store);
  const inbox = new Inbox(store, clock);
  // Chat commands need the services that are built below from the channels they are part of.
  const holder: { services?: Services } = {};
  const servicesRef = (): Services => {
    if (holder.services === undefined) throw new AppError('CONFLICT', 'service is still starting');
    return holder.services;
  };
  const channels: Map<string, Channel> = await createChannels({ config, options: channelOptions, store, clock, logger, secrets: env.secrets, commands: createStaffCommands(servicesRef) });
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
  // Built before the services it observes; reads them through the holder once they exist.
  const metrics = new Metrics(() => holder.services, { defaultMetrics: mode === 'service' });
  const replies = new ReplyPipeline({
    store,
    outbox,
    inbox,
    decider: modules.faq,
    currentEmergency: async () => (await emergencies.current()) ?? null,
    compose,
    config: config.replies,
    clock,
    logger: logger.child({ component: 'replies' }),
    observer: (message, outcome, decision, latencyMs) => metrics.observeReply(message.channel, outcome, decision, latencyMs),
  });

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
    staff: new StaffActions({ store, config, clock, services: servicesRef }),
    faq: modules.faq,
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
  const campaignRunner = modules.createCampaignRunner({ services: built, logger: logger.child({ component: 'campaigns' }) });
  emergencies.setListener(campaignRunner);

  const adminToken = env.adminToken ?? randomBytes(24).toString('base64url');
  if (mode === 'tool') {
    return { services: built, app: undefined, url: undefined, adminApp: undefined, adminUrl: undefined, adminToken, logger, close: async () => store.close() };
  }

  // Start order: state, then the channels' sessions (the dispatcher must not post through a
  // channel that has not logged in yet), then the things that produce work, then feeds and HTTP.
  // Channels log in side by side; one slow platform delays the others by CHANNEL_START_WAIT_MS at most.
  const channelStarts = [...channels.values()].map((channel) => {
    const canReply = config.replies.enabled && config.channels[channel.name]?.replies !== false;
    return channel
      .start(async (message) => {
        if (canReply) await replies.handle(message);
      })
      .catch((error: unknown) => logger.error({ err: error, channel: channel.name }, 'channel failed to start; other channels carry on'));
  });
  await Promise.race([Promise.all(channelStarts), new Promise((resolve) => setTimeout(resolve, CHANNEL_START_WAIT_MS).unref())]);
  const dispatcher = new Dispatcher({ store, channels, channelConfigs: config.channels, outbox: config.outbox, pause, clock, logger: logger.child({ component: 'dispatcher' }), instanceId, observer: metrics.dispatcherObserver });
  outbox.onDuePost(() => dispatcher.wake());
  dispatcher.start();
  await scheduler.start();
  await campaignRunner.start();
  // Campaign posts a crashed run promised but never queued go out now.
  await emergencies.resumeCampaignWork(0).catch((error: unknown) => logger.warn({ err: error }, 'resuming campaign work failed'));
  const expiryTimer = setInterval(() => {
    emergencies.expireDue().catch((error: unknown) => logger.warn({ err: error }, 'expiry check failed'));
    emergencies.resumeCampaignWork(CAMPAIGN_WORK_GRACE_MS).catch((error: unknown) => logger.warn({ err: error }, 'resuming campaign work failed'));
  }, 30_000);
  // Retention: final posts older than outbox.retentionDays are removed so state stays bounded.
  const retentionTimer = setInterval(() => {
    const retention = config.outbox.retentionDays * 86_400_000;
    store.pruneFinalPosts(clock.now() - retention, 1000).catch((error: unknown) => logger.warn({ err: error }, 'retention pruning failed'));
    inbox.prune(clock.now() - retention, clock.now() - 2 * retention).catch((error: unknown) => logger.warn({ err: error }, 'inbox pruning failed'));
  }, 600_000);
  retentionTimer.unref();
  expiryTimer.unref();
  const feeds = modules.createFeedRunner({ store, clock, logger: logger.child({ component: 'feeds' }), instanceId, onSignal: (signal) => emergencies.applySignal(signal).then(() => undefined) });
  await feeds.start();

  const host = env.httpHost ?? config.http.host;
  const port = options.httpPort ?? env.httpPort ?? config.http.port;
  const http = await startHttp({ services: built, logger, adminToken, host, port, plugins: [...modules.httpPlugins(built), (app) => registerChannelWebRoutes(app, () => channels)], adminPlugins: [(app) => registerMetricsRoutes(app, metrics)] });
  const { app, url, adminApp, adminUrl } = http;
  const runtimeDir = options.runtimeDir ?? path.resolve('.civicast');
  // The CLI talks to the admin API, wherever it is served.
  writeRuntimeInfo(runtimeDir, { url: adminUrl, token: adminToken, pid: process.pid, startedAt: new Date(clock.now()).toISOString() });
  logger.info({ url, ...(adminUrl === url ? {} : { adminUrl }), store: store.kind, channels: [...channels.keys()], instanceId }, 'civicast is running');

  let closed = false;
  return {
    services: built,
    app,
    url,
    adminApp,
    adminUrl,
    adminToken,
    logger,
    async close(deadlineMs = 10_000) {
      if (closed) return;
      closed = true;
      // Stop intake first, let in-flight sends finish, then close state.
      await feeds.close();
      scheduler.close();
      campaignRunner.close();
      clearInterval(expiryTimer);
      clearInterval(retentionTimer);
      // Bounded: requests still running after http.shutdownGraceSeconds are cut off.
      await http.close();
      await dispatcher.close(deadlineMs);
      await Promise.all([...channels.values()].map((c) => c.close().catch(() => undefined)));
      await store.close();
      removeRuntimeInfo(runtimeDir, process.pid);
      logger.info('civicast stopped');
    },
  };
}
