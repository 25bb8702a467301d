import type { Logger } from 'pino';
import { AppError } from '../../domain/errors.js';
import type { ChannelDeps, InboundHandler } from '../channel.js';
import { GraphApi } from './graph-api.js';
import { GraphPoller, type MessageSource } from './graph-poller.js';

interface GraphChannelOptions {
  graphUrl: string;
  apiVersion: string;
  tokenEnv: string;
  appSecretEnv?: string | undefined;
  timeoutMs: number;
  pollSeconds: number;
  overlapSeconds: number;
  firstRunBacklogMinutes: number;
}

/** The Graph client of one Meta channel, reading its token (and app secret) from the environment. */
export function graphApiFor(platform: string, name: string, options: GraphChannelOptions, deps: ChannelDeps, logger: Logger): GraphApi {
  const api: GraphApi = new GraphApi({
    platform,
    baseUrl: options.graphUrl,
    version: options.apiVersion,
    token: () => {
      const value = deps.secret(options.tokenEnv);
      if (value !== undefined && value.length > 0) return value;
      api.setHealth('disabled', `no access token in ${options.tokenEnv}`);
      throw new AppError('AUTH_FAILED', `${platform} channel ${name}: environment variable ${options.tokenEnv} is not set`, { retryable: false });
    },
    ...(options.appSecretEnv === undefined ? {} : { appSecret: () => deps.secret(options.appSecretEnv ?? '') }),
    timeoutMs: options.timeoutMs,
    clock: deps.clock,
    logger,
  });
  return api;
}

/** Starts the overlapping-window poller of a Meta channel, paced by Meta's usage headers. */
export function startGraphPoller(api: GraphApi, options: GraphChannelOptions, deps: ChannelDeps, logger: Logger, onInbound: InboundHandler, source: MessageSource): GraphPoller {
  const poller = new GraphPoller({
    state: deps.state,
    now: () => deps.clock.now(),
    logger,
    onInbound,
    overlapMs: options.overlapSeconds * 1000,
    firstRunBacklogMs: options.firstRunBacklogMinutes * 60_000,
    source,
  });
  // A budget at 90% waits for Meta's regain time (or 5 minutes) before the next poll.
  poller.start(options.pollSeconds * 1000, () => (api.usage !== undefined && api.usage.percent >= 90 ? (api.usage.regainAt ?? deps.clock.now() + 5 * 60_000) : undefined));
  return poller;
}

/** The lookup-failure rule: passing failures are thrown (ask again later); others become "unknown". */
export function unknownUnlessPassing(error: unknown): { found: 'unknown'; reason: string } {
  if (error instanceof AppError && error.retryable) throw error;
  return { found: 'unknown', reason: error instanceof Error ? error.message : String(error) };
}
