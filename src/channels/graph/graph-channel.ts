import type { Logger } from 'pino';
import { AppError } from '../../domain/errors.js';
import type { PartRef } from '../../domain/post.js';
import type { Channel, ChannelDeps, ChannelLimits, ChannelWeb, InboundHandler, LookupRequest, LookupResult, PublishRequest } from '../channel.js';
import { withOverrides, type ChannelCapabilities } from '../kit/channel-capabilities.js';
import { createGuardedCall, guardedLookup } from '../kit/guarded-call.js';
import { HealthTracker } from '../kit/health-tracker.js';
import { MentionPoller, type PolledMention } from '../kit/mention-poller.js';
import { SelfHealingStart } from '../kit/self-healing-start.js';
import { GraphApi } from './graph-api.js';
import { describeGraphError } from './graph-errors.js';
import type { GraphOptions } from './graph-options.js';

/** Past this share of a usage budget, polling waits for Meta's regain time (or 5 minutes). */
const USAGE_SLOWDOWN_PERCENT = 90;
const USAGE_PAUSE_MS = 5 * 60_000;

/** What every Meta channel is built from: its logger, health, Graph client and capabilities. */
export interface GraphCore {
  name: string;
  kind: string;
  log: Logger;
  health: HealthTracker;
  api: GraphApi;
  limits: ChannelLimits;
  capabilities: ChannelCapabilities;
  options: GraphOptions;
  deps: ChannelDeps;
  /** The reply pipeline's handler, once the channel was started (webhooks deliver to it too). */
  onInbound: InboundHandler | undefined;
}

export interface GraphCoreInput {
  /** Label for messages: `Facebook`, `Instagram`, `Threads`. */
  platform: string;
  /** Registry key of the adapter. */
  kind: string;
  name: string;
  options: GraphOptions;
  deps: ChannelDeps;
  capabilities: ChannelCapabilities;
  /** The token in use, when the adapter keeps it itself (refreshed tokens); else the env variable. */
  token?: () => string | undefined;
}

/** Builds the shared parts: health tracker, the kit's guarded call, the Graph client. */
export function graphCore(input: GraphCoreInput): GraphCore {
  const { options, deps, platform, name } = input;
  const log = deps.logger.child({ channel: name, kind: input.kind });
  const health = new HealthTracker(deps.clock, log);
  const guard = createGuardedCall({ platform, health, logger: log, clock: deps.clock, describe: (error) => describeGraphError(error, deps.clock.now()), timeoutMs: options.timeoutMs + 5_000 });
  const token = (): string => {
    const value = input.token?.() ?? deps.secret(options.tokenEnv);
    if (value !== undefined && value.length > 0) return value;
    throw new AppError('AUTH_FAILED', `${platform} channel ${name}: environment variable ${options.tokenEnv} is not set`, { retryable: false });
  };
  const api = new GraphApi({
    baseUrl: options.graphUrl,
    version: options.apiVersion,
    token,
    ...(options.appSecretEnv === undefined ? {} : { appSecret: () => deps.secret(options.appSecretEnv ?? '') }),
    timeoutMs: options.timeoutMs,
    guard,
    now: () => deps.clock.now(),
  });
  const limits = { ...input.capabilities.limits };
  return { name, kind: input.kind, log, health, api, limits, capabilities: withOverrides(input.capabilities, limits, options), options, deps, onInbound: undefined };
}

/** What an adapter adds to the shared shell. */
export interface GraphChannelParts {
  /** Checks configuration without calling Meta (secrets present); a throw disables the channel. */
  check?: () => void;
  /** Verifies the token against the configured account; runs on every (re)connect. */
  verify(): Promise<void>;
  /** Reads residents' messages whose platform time is at or after `since`. */
  read?: (since: number, delivered: (id: string) => boolean) => Promise<PolledMention[]>;
  publish(request: PublishRequest): Promise<PartRef>;
  /** Looks a part up; passing failures thrown, the kit turns other failures into "unknown". */
  lookup(request: LookupRequest): Promise<LookupResult>;
  web?: ChannelWeb;
  /** Runs once the channel is up (timers such as token refresh). */
  onUp?: () => void;
  onClose?: () => void;
}

export type GraphChannel = Channel & { pollNow(): Promise<void> };

/**
 * The channel shell every Meta adapter shares, built on the channel kit: self-healing start
 * (token check, then retries with backoff while Meta fails in passing), the kit's overlapping-
 * window poller paced by Meta's usage headers, and the kit's lookup-failure rule.
 */
export function graphChannel(core: GraphCore, parts: GraphChannelParts): GraphChannel {
  const { options, deps, log, health, api } = core;
  let poller: MentionPoller | undefined;
  let starter: SelfHealingStart | undefined;

  function makePoller(onInbound: InboundHandler, read: NonNullable<GraphChannelParts['read']>): MentionPoller {
    return new MentionPoller({
      deps,
      logger: log,
      onInbound,
      intervalMs: options.pollSeconds * 1000,
      overlapMs: core.capabilities.mentionOverlapMs,
      firstRunBacklogMs: options.firstRunBacklogMinutes * 60_000,
      source: async (since, delivered) => {
        const mentions = await read(since, delivered);
        const usage = api.usage;
        const busy = usage !== undefined && usage.percent >= USAGE_SLOWDOWN_PERCENT;
        return { mentions, ...(busy ? { notBefore: Math.max(usage.regainAt ?? 0, deps.clock.now() + USAGE_PAUSE_MS) } : {}) };
      },
    });
  }

  return {
    name: core.name,
    kind: core.kind,
    limits: core.limits,
    capabilities: core.capabilities,
    ...(parts.web === undefined ? {} : { web: parts.web }),
    health: () => health.get(),
    publish: (request) => parts.publish(request),
    lookup: (request) => guardedLookup(() => parts.lookup(request)),
    async pollNow() {
      await poller?.pollNow();
    },
    async start(onInbound: InboundHandler) {
      await poller?.close();
      poller = undefined;
      core.onInbound = onInbound;
      const read = parts.read;
      starter = new SelfHealingStart({
        health,
        logger: log,
        clock: deps.clock,
        retry: options,
        check: () => {
          if ((deps.secret(options.tokenEnv) ?? '').length === 0) throw new AppError('AUTH_FAILED', `${core.name}: environment variable ${options.tokenEnv} is not set`, { retryable: false });
          parts.check?.();
        },
        connect: async () => {
          // Where reading starts is fixed before the first call, so comments made while Meta
          // refuses us are read once we are up.
          if (read !== undefined) {
            poller ??= makePoller(onInbound, read);
            await poller.init();
          }
          await parts.verify();
        },
        onUp: () => {
          if (options.pollSeconds > 0) poller?.start();
          parts.onUp?.();
        },
      });
      await starter.start();
    },
    async close() {
      starter?.close();
      await starter?.settled();
      await poller?.close();
      parts.onClose?.();
    },
  };
}
