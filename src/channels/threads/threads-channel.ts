import { AppError } from '../../domain/errors.js';
import type { PartRef } from '../../domain/post.js';
import type { ChannelDeps, LookupRequest, LookupResult, PublishRequest } from '../channel.js';
import { comparableText } from '../graph/comparable-text.js';
import { ContainerFlow } from '../graph/container-flow.js';
import { graphChannel, graphCore, type GraphChannel } from '../graph/graph-channel.js';
import { graphTime } from '../graph/graph-time.js';
import { THREADS_CAPABILITIES } from './threads-capabilities.js';
import { listSince, readRepliesAndMentions } from './threads-inbound.js';
import type { ThreadsOptions } from './threads-options.js';
import { ThreadsToken } from './threads-token.js';

export { threadsOptionsSchema, type ThreadsOptions } from './threads-options.js';

/** The channel, plus a hook to check the token's age now (tests, an admin action). */
export type ThreadsChannel = GraphChannel & { checkToken(): Promise<boolean> };

const CLOCK_SKEW_MS = 120_000;
/** The quota is a moving 24 h window with no reset time; look again after this long. */
const QUOTA_RECHECK_MS = 30 * 60_000;
const QUOTA_CACHE_MS = 60_000;

interface Quota {
  quota_usage?: number;
  config?: { quota_total?: number };
  reply_quota_usage?: number;
  reply_config?: { quota_total?: number };
}

/**
 * Threads adapter (graph.threads.net): text posts, threads as self-replies, replies to residents,
 * reading replies under the profile's posts and mentions (kit poller). Publishing is two steps (a
 * container, then `threads_publish`); the container saved per part publishes once, so a resend
 * after a lost answer makes no second post. The 24-hour quotas (250 posts, 1,000 replies) are
 * read from `threads_publishing_limit` before publishing: a spent quota is a rate limit, not a
 * failure. The long-lived token is refreshed before it can expire.
 */
export function createThreadsChannel(name: string, options: ThreadsOptions, deps: ChannelDeps): ThreadsChannel {
  const now = () => deps.clock.now();
  const token = new ThreadsToken({ state: deps.state, envToken: () => deps.secret(options.tokenEnv), now, refreshEveryMs: options.tokenRefreshDays * 86_400_000, logger: deps.logger.child({ channel: name, kind: 'threads' }) });
  const core = graphCore({ platform: 'Threads', kind: 'threads', name, options, deps, capabilities: THREADS_CAPABILITIES, token: () => token.current() });
  const { api, log } = core;
  const flow = new ContainerFlow({ api, state: deps.state, now, platform: 'Threads', statusField: 'status', pollMs: options.containerPollMs, maxWaitMs: options.containerMaxWaitSeconds * 1000 });
  let username = '';
  let quota: { at: number; value: Quota } | undefined;
  let tokenTimer: NodeJS.Timeout | undefined;

  async function checkQuota(reply: boolean): Promise<void> {
    if (quota === undefined || now() - quota.at > QUOTA_CACHE_MS) {
      const answer = await api.get<{ data: Quota[] }>('read publishing quota', `${options.userId}/threads_publishing_limit`, { fields: 'quota_usage,config,reply_quota_usage,reply_config' });
      quota = { at: now(), value: answer.data[0] ?? {} };
    }
    const used = reply ? quota.value.reply_quota_usage : quota.value.quota_usage;
    const total = reply ? quota.value.reply_config?.quota_total : quota.value.config?.quota_total;
    if (used !== undefined && total !== undefined && used >= total) {
      throw new AppError('RATE_LIMITED', `Threads ${reply ? 'reply' : 'post'} quota spent: ${used} of ${total} in 24 hours`, { retryable: true, retryAt: now() + QUOTA_RECHECK_MS });
    }
  }

  function parentOf(request: Pick<PublishRequest, 'replyTo' | 'inReplyTo'>): string | undefined {
    return request.inReplyTo?.id ?? request.replyTo?.messageId;
  }

  /** The profile's own post (or reply under `parent`) with this text, since the attempt. */
  async function findOwn(text: string, parent: string | undefined, since: number): Promise<PartRef | undefined> {
    const wanted = comparableText(text);
    const oldest = since - CLOCK_SKEW_MS;
    const list = await listSince(api, 'look up own posts', `${options.userId}/${parent === undefined ? 'threads' : 'replies'}`, oldest, { since: Math.floor(oldest / 1000) });
    const mine = list.find((p) => comparableText(p.text ?? '') === wanted && graphTime(p.timestamp) >= oldest && (parent === undefined || p.replied_to?.id === parent));
    return mine === undefined ? undefined : { id: mine.id, ...(mine.permalink === undefined ? {} : { url: mine.permalink }) };
  }

  async function publish(request: PublishRequest): Promise<PartRef> {
    const parent = parentOf(request);
    // Every container with reply_to_id counts as a reply, thread parts included.
    await checkQuota(parent !== undefined);
    const ref = await flow.publish(request.key, request.text, {
      create: async () => (await api.post<{ id: string }>('create container', `${options.userId}/threads`, { media_type: 'TEXT', text: request.text, ...(parent === undefined ? {} : { reply_to_id: parent }) }, 'read')).id,
      publish: async (containerId) => {
        const post = await api.post<{ id: string }>('publish', `${options.userId}/threads_publish`, { creation_id: containerId });
        const info = await api.get<{ permalink?: string }>('read permalink', post.id, { fields: 'permalink' }).catch(() => ({ permalink: undefined }));
        return { id: post.id, ...(info.permalink === undefined ? {} : { url: info.permalink }) };
      },
      find: (since) => findOwn(request.text, parent, since),
    });
    if (quota !== undefined) {
      const field = parent === undefined ? 'quota_usage' : 'reply_quota_usage';
      quota.value[field] = (quota.value[field] ?? 0) + 1;
    }
    return ref;
  }

  function lookup(request: LookupRequest): Promise<LookupResult> {
    const parent = parentOf(request);
    return flow.lookup(request.key, request.text, request.since, (since) => findOwn(request.text, parent, since));
  }

  async function checkToken(): Promise<boolean> {
    try {
      return await token.refreshIfDue(api);
    } catch (error) {
      log.warn({ err: error instanceof Error ? error.message : String(error) }, 'threads token refresh failed; trying again later');
      return false;
    }
  }

  const channel = graphChannel(core, {
    async verify() {
      await token.load();
      const me = await api.get<{ id: string; username?: string }>('verify profile', options.userId, { fields: 'id,username' });
      username = me.username ?? '';
      log.info({ profile: username }, 'threads profile verified');
    },
    read: (since) => readRepliesAndMentions(api, { userId: options.userId, username, channel: name, since, windowStart: now() - options.replyWindowHours * 3_600_000, mentions: options.readMentions, now: now() }),
    publish,
    lookup,
    onUp: () => {
      if (options.tokenRefreshDays === 0 || tokenTimer !== undefined) return;
      tokenTimer = setInterval(() => void checkToken(), options.tokenCheckMinutes * 60_000);
      tokenTimer.unref();
      void checkToken();
    },
    onClose: () => {
      if (tokenTimer !== undefined) clearInterval(tokenTimer);
      tokenTimer = undefined;
    },
  });
  return Object.assign(channel, { checkToken });
}
