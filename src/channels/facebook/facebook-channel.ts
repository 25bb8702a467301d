import { AppError } from '../../domain/errors.js';
import type { PartRef } from '../../domain/post.js';
import type { ChannelDeps, LookupRequest, LookupResult, PublishRequest } from '../channel.js';
import { comparableText } from '../graph/comparable-text.js';
import { graphChannel, graphCore, type GraphChannel } from '../graph/graph-channel.js';
import { graphTime } from '../graph/graph-time.js';
import { FACEBOOK_CAPABILITIES } from './facebook-capabilities.js';
import { COMMENT_FIELDS, readPageComments, type GraphComment } from './facebook-inbound.js';
import type { FacebookOptions } from './facebook-options.js';
import { facebookWebhook } from './facebook-webhook.js';

export { facebookOptionsSchema, type FacebookOptions } from './facebook-options.js';

export type FacebookChannel = GraphChannel;

const LOOKUP_PAGES = 8;
const LOOKUP_PAGE_SIZE = 50;
/** Our clock and Meta's may disagree; look a little further back than asked. */
const CLOCK_SKEW_MS = 120_000;

/**
 * Facebook Page adapter on the Graph API: posts to the page's feed as the page (page access
 * token), reads comments on the page's recent posts (kit poller; webhooks as an option), and
 * answers a comment as the page. It hides and deletes nothing. The Graph API has no idempotency
 * key, so a post whose answer was lost is settled by looking for it among the page's own posts
 * (or the comments under the target) before any resend; a resend of the page's latest text is
 * refused (506), which the kit treats as "look it up".
 */
export function createFacebookChannel(name: string, options: FacebookOptions, deps: ChannelDeps): FacebookChannel {
  const core = graphCore({ platform: 'Facebook', kind: 'facebook', name, options, deps, capabilities: FACEBOOK_CAPABILITIES });
  const { api } = core;

  /** A reply goes under the top-level comment (Facebook nests one level); a later part under the part before. */
  function commentTarget(request: Pick<PublishRequest, 'replyTo' | 'inReplyTo'>): string | undefined {
    return request.inReplyTo?.id ?? request.replyTo?.extra?.['threadCommentId'] ?? request.replyTo?.messageId;
  }

  async function publish(request: PublishRequest): Promise<PartRef> {
    const target = commentTarget(request);
    if (target !== undefined) {
      const created = await api.post<{ id: string }>('comment as the page', `${target}/comments`, { message: request.text });
      // The post the comment is under: known for an answer, read from the part before for a chain.
      const postId = request.replyTo?.extra?.['postId'] ?? /facebook\.com\/(\d+_\d+)/u.exec(request.inReplyTo?.url ?? '')?.[1];
      return { id: created.id, ...(postId === undefined ? {} : { url: `https://www.facebook.com/${postId}?comment_id=${created.id}` }) };
    }
    const created = await api.post<{ id: string }>('publish page post', `${options.pageId}/feed`, { message: request.text });
    return { id: created.id, url: `https://www.facebook.com/${created.id}` };
  }

  /** The page's own post (or its comment under the target) with this text, since the attempt. */
  async function lookup(request: LookupRequest): Promise<LookupResult> {
    const wanted = comparableText(request.text);
    const oldest = request.since - CLOCK_SKEW_MS;
    const target = commentTarget(request);
    let next: string | undefined = target === undefined ? `${options.pageId}/posts` : `${target}/comments`;
    let params: Record<string, string | number> = target === undefined ? { fields: 'id,message,created_time', since: Math.floor(oldest / 1000), limit: LOOKUP_PAGE_SIZE } : { fields: COMMENT_FIELDS, order: 'reverse_chronological', limit: LOOKUP_PAGE_SIZE };
    for (let page = 0; page < LOOKUP_PAGES && next !== undefined; page++) {
      const batch: { data: GraphComment[]; paging?: { next?: string } } = await api.get('look up own posts', next, params);
      for (const item of batch.data) {
        const mine = target === undefined || item.from?.id === options.pageId;
        if (mine && graphTime(item.created_time) >= oldest && comparableText(item.message ?? '') === wanted) {
          return { found: true, ref: target === undefined ? { id: item.id, url: `https://www.facebook.com/${item.id}` } : { id: item.id } };
        }
      }
      if (batch.data.some((i) => graphTime(i.created_time) < oldest)) return { found: false };
      next = batch.paging?.next;
      params = {};
    }
    return next === undefined ? { found: false } : { found: 'unknown', reason: `more than ${LOOKUP_PAGES * LOOKUP_PAGE_SIZE} posts or comments since the attempt; not searched further` };
  }

  const webhookOn = options.webhookVerifyTokenEnv !== undefined;
  return graphChannel(core, {
    async verify() {
      // The token must be the page's own: a user token would post as a person.
      const me = await api.get<{ id: string; name?: string }>('verify page token', 'me', { fields: 'id,name' });
      if (me.id !== options.pageId) {
        throw new AppError('AUTH_FAILED', `Facebook channel ${name}: the token in ${options.tokenEnv} is not a page access token for page ${options.pageId}`, { retryable: false });
      }
      core.log.info({ page: me.name ?? me.id, webhooks: webhookOn }, 'facebook page token verified');
    },
    read: (since) => readPageComments(api, { pageId: options.pageId, channel: name, since, windowStart: deps.clock.now() - options.commentWindowHours * 3_600_000, now: deps.clock.now() }),
    publish,
    lookup,
    ...(webhookOn
      ? {
          web: {
            webhook: facebookWebhook({
              pageId: options.pageId,
              channel: name,
              appSecret: () => deps.secret(options.appSecretEnv ?? ''),
              verifyToken: () => deps.secret(options.webhookVerifyTokenEnv ?? ''),
              handler: () => core.onInbound,
              now: () => deps.clock.now(),
              logger: core.log,
            }),
          },
        }
      : {}),
  });
}
