import { AppError } from '../../domain/errors.js';
import type { PartRef } from '../../domain/post.js';
import type { Channel, ChannelDeps, ChannelLimits, InboundHandler, LookupRequest, LookupResult, PublishRequest } from '../channel.js';
import { comparableText, graphTimeMs } from '../graph/graph-api.js';
import { graphApiFor, startGraphPoller, unknownUnlessPassing } from '../graph/graph-channel-parts.js';
import type { GraphPoller } from '../graph/graph-poller.js';
import { COMMENT_FIELDS, readPageComments, type GraphComment } from './facebook-inbound.js';
import type { FacebookOptions } from './facebook-options.js';

export { facebookOptionsSchema, type FacebookOptions } from './facebook-options.js';

export type FacebookChannel = Channel & { pollNow(): Promise<void> };

/** Page posts are capped at 63,206 characters; 5,000 keeps a post readable and under comment limits (8,000). */
export const FACEBOOK_LIMITS: ChannelLimits = { maxLength: 5000, lengthRule: 'chars', threads: false, maxThreadParts: 1 };
const LOOKUP_PAGES = 8;
const CLOCK_SKEW_MS = 120_000;

/**
 * Facebook Page adapter on the Graph API: posts to the page's feed as the page (page access
 * token), reads comments on the page's recent posts by polling, and answers a comment as the page.
 * It hides and deletes nothing. The Graph API has no idempotency key, so a post whose answer was
 * lost is looked for among the page's recent posts (by its text, since the attempt) before any
 * resend; a 506 refuses a resend of the page's latest text anyway.
 */
export function createFacebookChannel(name: string, options: FacebookOptions, deps: ChannelDeps): FacebookChannel {
  const log = deps.logger.child({ channel: name, kind: 'facebook' });
  const api = graphApiFor('Facebook', name, options, deps, log);
  let poller: GraphPoller | undefined;


  /** A reply goes under the top-level comment (Facebook nests one level). */
  function commentTarget(request: Pick<PublishRequest, 'replyTo' | 'inReplyTo'>): string | undefined {
    return request.replyTo?.extra?.['threadCommentId'] ?? request.replyTo?.messageId ?? request.inReplyTo?.id;
  }

  async function publish(request: PublishRequest): Promise<PartRef> {
    const target = commentTarget(request);
    if (target !== undefined) {
      const created = await api.post<{ id: string }>('comment as the page', `${target}/comments`, { message: request.text });
      const postId = request.replyTo?.extra?.['postId'] ?? request.inReplyTo?.id;
      return { id: created.id, ...(postId === undefined ? {} : { url: `https://www.facebook.com/${postId}?comment_id=${created.id}` }) };
    }
    const created = await api.post<{ id: string }>('publish page post', `${options.pageId}/feed`, { message: request.text });
    return { id: created.id, url: `https://www.facebook.com/${created.id}` };
  }

  async function lookup(request: LookupRequest): Promise<LookupResult> {
    // Meta shows a new post or comment after a lag: too early, "not found" could be "not yet".
    if (deps.clock.now() - request.since < options.settleSeconds * 1000) {
      throw new AppError('PLATFORM_UNAVAILABLE', `Facebook: the attempt is under ${options.settleSeconds} s old; looking again once it could show`, { retryable: true, retryAt: request.since + options.settleSeconds * 1000 });
    }
    const wanted = comparableText(request.text);
    const oldest = request.since - CLOCK_SKEW_MS;
    try {
      const target = commentTarget(request);
      let next: string | undefined = target === undefined ? `${options.pageId}/feed` : `${target}/comments`;
      let params: Record<string, string | number> = target === undefined ? { fields: 'id,message,created_time', since: Math.floor(oldest / 1000), limit: 50 } : { fields: COMMENT_FIELDS, order: 'reverse_chronological', limit: 50 };
      for (let page = 0; page < LOOKUP_PAGES && next !== undefined; page++) {
        const batch: { data: GraphComment[]; paging?: { next?: string } } = await api.get('look up own posts', next, params);
        for (const item of batch.data) {
          const mine = target === undefined || item.from?.id === options.pageId;
          if (mine && graphTimeMs(item.created_time) >= oldest && comparableText(item.message ?? '') === wanted) {
            return { found: true, ref: target === undefined ? { id: item.id, url: `https://www.facebook.com/${item.id}` } : { id: item.id } };
          }
        }
        if (batch.data.some((i) => graphTimeMs(i.created_time) < oldest)) return { found: false };
        next = batch.paging?.next;
        params = {};
      }
      return next === undefined ? { found: false } : { found: 'unknown', reason: `more than ${LOOKUP_PAGES * 50} posts or comments since the attempt; not searched further` };
    } catch (error) {
      return unknownUnlessPassing(error);
    }
  }

  return {
    name,
    kind: 'facebook',
    limits: FACEBOOK_LIMITS,
    health: () => api.health(),
    publish,
    lookup,
    pollNow: async () => poller?.poll(),
    async start(onInbound: InboundHandler) {
      // Checks the token and that it is the page's own (a user token would post as a person).
      const me = await api.get<{ id: string; name?: string }>('verify page token', 'me', { fields: 'id,name' });
      if (me.id !== options.pageId) {
        api.setHealth('disabled', `the token in ${options.tokenEnv} belongs to ${me.id}, not page ${options.pageId}`);
        throw new AppError('AUTH_FAILED', `Facebook channel ${name}: the token in ${options.tokenEnv} is not a page access token for page ${options.pageId}`, { retryable: false });
      }
      log.info({ page: me.name ?? me.id }, 'facebook page token verified');
      if (options.pollSeconds === 0) return;
      poller = startGraphPoller(api, options, deps, log, onInbound, (since) => readPageComments(api, { pageId: options.pageId, channel: name, since, windowStart: deps.clock.now() - options.commentWindowHours * 3_600_000, now: deps.clock.now() }));
    },
    async close() {
      await poller?.close();
    },
  };
}
