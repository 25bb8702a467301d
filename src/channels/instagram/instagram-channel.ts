import { HostedCards } from '../../cards/hosted-cards.js';
import { PostCards } from '../../cards/post-cards.js';
import type { PartRef } from '../../domain/post.js';
import type { ChannelDeps, LookupRequest, LookupResult, PublishRequest } from '../channel.js';
import { comparableText } from '../graph/comparable-text.js';
import { ContainerFlow } from '../graph/container-flow.js';
import { graphChannel, graphCore, type GraphChannel } from '../graph/graph-channel.js';
import { graphTime } from '../graph/graph-time.js';
import { INSTAGRAM_CAPABILITIES } from './instagram-capabilities.js';
import { IG_COMMENT_FIELDS, readMediaComments, type IgComment } from './instagram-inbound.js';
import type { InstagramOptions } from './instagram-options.js';

export { instagramOptionsSchema, type InstagramOptions } from './instagram-options.js';

export type InstagramChannel = GraphChannel;

/** Alt text is kept within what every platform accepts (X: 1,000). */
const ALT_TEXT_MAX = 1000;
const LOOKUP_PAGES = 4;
const CLOCK_SKEW_MS = 120_000;

interface Page<T> {
  data: T[];
  paging?: { next?: string };
}

/**
 * Instagram adapter (Instagram API with Facebook Login, professional account linked to the page).
 * Instagram is image first: every campaign post is the post's words rendered as an accessible
 * card, with the full text as caption and as alt text. Publishing is two steps: a container whose
 * `image_url` Instagram downloads from this service (`/media/<channel>/<hash>.png`, served from
 * the shared store), then `media_publish`; the container saved per part publishes once, so a
 * resend cannot double a post. A later part of a post becomes a comment under it; residents'
 * comments are read by the kit poller and answered under their top-level comment.
 */
export function createInstagramChannel(name: string, options: InstagramOptions, deps: ChannelDeps): InstagramChannel {
  const core = graphCore({ platform: 'Instagram', kind: 'instagram', name, options, deps, capabilities: INSTAGRAM_CAPABILITIES });
  const { api } = core;
  const now = () => deps.clock.now();
  const cards = new PostCards(options.card, core.log);
  const hosted = new HostedCards(deps.state, now, options.cardRetentionHours * 3_600_000);
  const flow = new ContainerFlow({ api, state: deps.state, now, platform: 'Instagram', statusField: 'status_code', pollMs: options.containerPollMs, maxWaitMs: options.containerMaxWaitSeconds * 1000 });
  let username = '';

  /** Media refs always carry a URL (comments never do): a later part knows what it answers. */
  const mediaUrl = (permalink: string | undefined) => permalink ?? `https://www.instagram.com/${username}`;

  async function findOwnMedia(text: string, since: number): Promise<PartRef | undefined> {
    const wanted = comparableText(text);
    const oldest = since - CLOCK_SKEW_MS;
    let next: string | undefined = `${options.igUserId}/media`;
    let params: Record<string, string | number> = { fields: 'id,caption,timestamp,permalink', limit: 50 };
    for (let page = 0; page < LOOKUP_PAGES && next !== undefined; page++) {
      const batch: Page<{ id: string; caption?: string; timestamp?: string; permalink?: string }> = await api.get('look up own media', next, params);
      const hit = batch.data.find((m) => graphTime(m.timestamp) >= oldest && comparableText(m.caption ?? '') === wanted);
      if (hit !== undefined) return { id: hit.id, url: mediaUrl(hit.permalink) };
      if (batch.data.some((m) => graphTime(m.timestamp) < oldest)) return undefined;
      next = batch.paging?.next;
      params = {};
    }
    return undefined;
  }

  async function publishMedia(request: PublishRequest): Promise<PartRef> {
    let file: string | undefined;
    const ref = await flow.publish(request.key, request.text, {
      create: async () => {
        const card = await cards.make(request.text, request.locale, ALT_TEXT_MAX);
        file = await hosted.put(card.png);
        const imageUrl = `${options.cardBaseUrl.replace(/\/$/, '')}/media/${encodeURIComponent(name)}/${file}`;
        // A container is invisible until published: a lost answer leaves an orphan that expires in 24 h.
        const created = await api.post<{ id: string }>('create media container', `${options.igUserId}/media`, { image_url: imageUrl, caption: request.text, alt_text: card.alt }, 'read');
        return created.id;
      },
      publish: async (containerId) => {
        const media = await api.post<{ id: string }>('publish media', `${options.igUserId}/media_publish`, { creation_id: containerId });
        const info = await api.get<{ permalink?: string }>('read permalink', media.id, { fields: 'permalink' }).catch(() => ({ permalink: undefined }));
        return { id: media.id, url: mediaUrl(info.permalink) };
      },
      find: (since) => findOwnMedia(request.text, since),
    });
    // Instagram downloaded the card before the container was ready: it is not needed any more.
    // (A card made by an earlier attempt is removed by the retention instead.)
    if (file !== undefined) await hosted.remove(file).catch((error: unknown) => core.log.warn({ err: error instanceof Error ? error.message : String(error) }, 'could not remove a published card; retention will'));
    return ref;
  }

  /** Where a comment goes: under a resident's top-level comment, or under the part before. */
  function commentTarget(request: Pick<PublishRequest, 'replyTo' | 'inReplyTo'>): { id: string; onMedia: boolean } | undefined {
    if (request.inReplyTo !== undefined) return { id: request.inReplyTo.id, onMedia: request.inReplyTo.url !== undefined };
    const comment = request.replyTo?.extra?.['threadCommentId'] ?? request.replyTo?.messageId;
    return comment === undefined ? undefined : { id: comment, onMedia: false };
  }

  async function publish(request: PublishRequest): Promise<PartRef> {
    const target = commentTarget(request);
    if (target === undefined) return publishMedia(request);
    const created = target.onMedia
      ? await api.post<{ id: string }>('comment on media', `${target.id}/comments`, { message: request.text })
      : await api.post<{ id: string }>('reply to comment', `${target.id}/replies`, { message: request.text });
    return { id: created.id };
  }

  async function lookup(request: LookupRequest): Promise<LookupResult> {
    const target = commentTarget(request);
    if (target === undefined) return flow.lookup(request.key, request.text, request.since, (since) => findOwnMedia(request.text, since));
    const wanted = comparableText(request.text);
    const oldest = request.since - CLOCK_SKEW_MS;
    const list: Page<IgComment> = target.onMedia
      ? await api.get('look up own comments', `${target.id}/comments`, { fields: IG_COMMENT_FIELDS, limit: 50 })
      : await api.get('look up own replies', `${target.id}/replies`, { fields: IG_COMMENT_FIELDS, limit: 50 });
    const mine = list.data.find((c) => c.from?.id === options.igUserId && graphTime(c.timestamp) >= oldest && comparableText(c.text ?? '') === wanted);
    return mine === undefined ? { found: false } : { found: true, ref: { id: mine.id } };
  }

  return graphChannel(core, {
    async verify() {
      const me = await api.get<{ id: string; username?: string }>('verify account', options.igUserId, { fields: 'id,username' });
      username = me.username ?? me.id;
      core.log.info({ account: username }, 'instagram account verified');
    },
    read: (since) => readMediaComments(api, { igUserId: options.igUserId, channel: name, since, windowStart: now() - options.commentWindowHours * 3_600_000, now: now() }),
    publish,
    lookup,
    web: {
      async media(file) {
        const png = await hosted.get(file);
        return png === undefined ? undefined : { contentType: 'image/png', body: png };
      },
    },
    onUp: () => {
      // Fonts and logo load ahead of the first post; a logo that cannot be read is said now.
      cards.warm().catch((error: unknown) => core.log.error({ err: error instanceof Error ? error.message : String(error) }, 'image cards cannot be drawn: posts will fail until the card style is fixed'));
    },
  });
}
