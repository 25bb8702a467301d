import { AppError } from '../../domain/errors.js';
import type { PartRef } from '../../domain/post.js';
import type { Channel, ChannelDeps, ChannelLimits, InboundHandler, LookupRequest, LookupResult, PublishRequest } from '../channel.js';
import { comparableText, graphTimeMs } from '../graph/graph-api.js';
import { graphApiFor, startGraphPoller, unknownUnlessPassing } from '../graph/graph-channel-parts.js';
import type { GraphPoller } from '../graph/graph-poller.js';
import { listSince, readRepliesAndMentions } from './threads-inbound.js';
import type { ThreadsOptions } from './threads-options.js';

export { threadsOptionsSchema, type ThreadsOptions } from './threads-options.js';

export type ThreadsChannel = Channel & { pollNow(): Promise<void> };

/** 500 characters, an emoji counting its UTF-8 bytes; long posts become a thread of replies. */
export const THREADS_LIMITS: ChannelLimits = { maxLength: 500, lengthRule: 'emoji-utf8', threads: true, maxThreadParts: 10 };
const CLOCK_SKEW_MS = 120_000;
/** The quota is a moving 24 h window with no reset time; look again after this long. */
const QUOTA_RECHECK_MS = 30 * 60_000;
const QUOTA_CACHE_MS = 60_000;

interface SavedContainer {
  id: string;
  createdAt: number;
}

interface Quota {
  quota_usage?: number;
  config?: { quota_total?: number };
  reply_quota_usage?: number;
  reply_config?: { quota_total?: number };
}

/**
 * Threads adapter (graph.threads.net): text posts, threads as self-replies, replies to residents,
 * reading replies under the profile's posts and mentions. Publishing is two steps (a container,
 * then `threads_publish`); the container id is saved per part first and publishes once, so a
 * resend after a lost answer makes no second post. The 24-hour quotas (250 posts, 1,000 replies)
 * are read from `threads_publishing_limit` before each publish: a spent quota is a rate limit,
 * not a failure.
 */
export function createThreadsChannel(name: string, options: ThreadsOptions, deps: ChannelDeps): ThreadsChannel {
  const log = deps.logger.child({ channel: name, kind: 'threads' });
  const api = graphApiFor('Threads', name, options, deps, log);
  let username = '';
  let poller: GraphPoller | undefined;
  let quota: { at: number; value: Quota } | undefined;


  async function checkQuota(reply: boolean): Promise<void> {
    if (quota === undefined || deps.clock.now() - quota.at > QUOTA_CACHE_MS) {
      const answer = await api.get<{ data: Quota[] }>('read publishing quota', `${options.userId}/threads_publishing_limit`, { fields: 'quota_usage,config,reply_quota_usage,reply_config' });
      quota = { at: deps.clock.now(), value: answer.data[0] ?? {} };
    }
    const used = reply ? quota.value.reply_quota_usage : quota.value.quota_usage;
    const total = reply ? quota.value.reply_config?.quota_total : quota.value.config?.quota_total;
    if (used !== undefined && total !== undefined && used >= total) {
      throw new AppError('RATE_LIMITED', `Threads ${reply ? 'reply' : 'post'} quota spent: ${used} of ${total} in 24 hours`, { retryable: true, retryAt: deps.clock.now() + QUOTA_RECHECK_MS });
    }
  }

  async function containerStatus(id: string): Promise<string> {
    return (await api.get<{ status?: string }>('check container', id, { fields: 'status,error_message' })).status ?? 'IN_PROGRESS';
  }

  async function waitFinished(id: string): Promise<string> {
    const until = deps.clock.now() + options.containerMaxWaitSeconds * 1000;
    for (;;) {
      const status = await containerStatus(id);
      if (status === 'FINISHED' || status === 'PUBLISHED' || status === 'ERROR' || status === 'EXPIRED') return status;
      if (deps.clock.now() >= until) throw new AppError('PLATFORM_UNAVAILABLE', `Threads is still processing container ${id}; the next attempt resumes it`, { retryable: true });
      await new Promise((resolve) => setTimeout(resolve, options.containerPollMs));
    }
  }

  function parentOf(request: Pick<PublishRequest, 'replyTo' | 'inReplyTo'>): string | undefined {
    return request.replyTo?.messageId ?? request.inReplyTo?.id;
  }

  async function publish(request: PublishRequest): Promise<PartRef> {
    const parent = parentOf(request);
    const key = `container:${request.key}`;
    let container = await deps.state.get<SavedContainer>(key);
    let status = container === undefined ? undefined : await waitFinished(container.id);
    if (status === 'PUBLISHED' && container !== undefined) {
      const found = await findOwn(request.text, parent, container.createdAt);
      if (found !== undefined) return found;
      throw new AppError('OUTCOME_UNKNOWN', `Threads container ${container.id} is published but its post is not listed yet`, { retryable: true, mayHaveSucceeded: true });
    }
    // Every container with reply_to_id counts as a reply, thread parts included.
    await checkQuota(parent !== undefined);
    if (container === undefined || status === 'ERROR' || status === 'EXPIRED') {
      const created = await api.post<{ id: string }>('create container', `${options.userId}/threads`, { media_type: 'TEXT', text: request.text, ...(parent === undefined ? {} : { reply_to_id: parent }) }, 'read');
      container = { id: created.id, createdAt: deps.clock.now() };
      await deps.state.set(key, container);
      status = await waitFinished(container.id);
      if (status === 'ERROR' || status === 'EXPIRED') throw new AppError('REJECTED', `Threads refused container ${container.id} (${status})`, { retryable: false });
    }
    const post = await api.post<{ id: string }>('publish', `${options.userId}/threads_publish`, { creation_id: container.id });
    const info = await api.get<{ permalink?: string }>('read permalink', post.id, { fields: 'permalink' }).catch(() => ({ permalink: undefined }));
    return { id: post.id, ...(info.permalink === undefined ? {} : { url: info.permalink }) };
  }

  /** The profile's own post (or reply under `parent`) with this text, since the attempt. */
  async function findOwn(text: string, parent: string | undefined, since: number): Promise<PartRef | undefined> {
    const wanted = comparableText(text);
    const oldest = since - CLOCK_SKEW_MS;
    const list = await listSince(api, 'look up own posts', `${options.userId}/${parent === undefined ? 'threads' : 'replies'}`, oldest, { since: Math.floor(oldest / 1000) });
    const mine = list.find((p) => comparableText(p.text ?? '') === wanted && graphTimeMs(p.timestamp) >= oldest && (parent === undefined || p.replied_to?.id === parent));
    return mine === undefined ? undefined : { id: mine.id, ...(mine.permalink === undefined ? {} : { url: mine.permalink }) };
  }

  async function lookup(request: LookupRequest): Promise<LookupResult> {
    if (deps.clock.now() - request.since < options.settleSeconds * 1000) {
      throw new AppError('PLATFORM_UNAVAILABLE', `Threads: the attempt is under ${options.settleSeconds} s old`, { retryable: true, retryAt: request.since + options.settleSeconds * 1000 });
    }
    try {
      const container = await deps.state.get<SavedContainer>(`container:${request.key}`);
      // Unpublished (or never created): publishing the saved container again is safe.
      if (container === undefined || (await containerStatus(container.id)) !== 'PUBLISHED') return { found: false };
      const found = await findOwn(request.text, parentOf(request), Math.min(request.since, container.createdAt));
      return found === undefined ? { found: 'unknown', reason: `container ${container.id} is published but its post was not found` } : { found: true, ref: found };
    } catch (error) {
      return unknownUnlessPassing(error);
    }
  }

  return {
    name,
    kind: 'threads',
    limits: THREADS_LIMITS,
    health: () => api.health(),
    publish,
    lookup,
    pollNow: async () => poller?.poll(),
    async start(onInbound: InboundHandler) {
      const me = await api.get<{ id: string; username?: string }>('verify profile', options.userId, { fields: 'id,username' });
      username = me.username ?? '';
      log.info({ profile: username }, 'threads profile verified');
      if (options.pollSeconds === 0) return;
      poller = startGraphPoller(api, options, deps, log, onInbound, (since) => readRepliesAndMentions(api, { userId: options.userId, username, channel: name, since, windowStart: deps.clock.now() - options.replyWindowHours * 3_600_000, mentions: options.readMentions, now: deps.clock.now() }));
    },
    async close() {
      await poller?.close();
    },
  };
}
