import { createHash } from 'node:crypto';
import { cardAltText } from '../../cards/alt-text.js';
import { cardStateKey } from '../../cards/card-routes.js';
import { CardRenderer } from '../../cards/render-card.js';
import { AppError } from '../../domain/errors.js';
import type { PartRef } from '../../domain/post.js';
import type { Channel, ChannelDeps, ChannelLimits, InboundHandler, LookupRequest, LookupResult, PublishRequest } from '../channel.js';
import { comparableText, graphTimeMs } from '../graph/graph-api.js';
import { graphApiFor, startGraphPoller, unknownUnlessPassing } from '../graph/graph-channel-parts.js';
import type { GraphPoller } from '../graph/graph-poller.js';
import { IG_COMMENT_FIELDS, readMediaComments, type IgComment } from './instagram-inbound.js';
import type { InstagramOptions } from './instagram-options.js';

export { instagramOptionsSchema, type InstagramOptions } from './instagram-options.js';

export type InstagramChannel = Channel & { pollNow(): Promise<void> };

/** Captions: 2,200 characters. No threads: a long campaign post is one card with a long caption. */
export const INSTAGRAM_LIMITS: ChannelLimits = { maxLength: 2200, lengthRule: 'chars', threads: false, maxThreadParts: 1 };
/** Alt text is kept within what every platform accepts (X: 1,000). */
const ALT_TEXT_MAX = 1000;
const LOOKUP_PAGES = 4;
const CLOCK_SKEW_MS = 120_000;

interface SavedContainer {
  id: string;
  createdAt: number;
}

/**
 * Instagram adapter (Instagram API with Facebook Login, professional account linked to the page).
 * Every campaign post is an image: the post's words rendered as an accessible card, with the full
 * text as caption and as alt text. Publishing is Instagram's two steps: a container whose
 * `image_url` Instagram downloads (from this service's `/cards/` route), then `media_publish`.
 * The container id is saved per part before publishing, and a container publishes only once, so a
 * resend after a lost answer cannot make a second post. Comments are read by polling and answered
 * with `/{comment-id}/replies`.
 */
export function createInstagramChannel(name: string, options: InstagramOptions, deps: ChannelDeps): InstagramChannel {
  const log = deps.logger.child({ channel: name, kind: 'instagram' });
  const api = graphApiFor('Instagram', name, options, deps, log);
  let renderer: Promise<CardRenderer> | undefined;
  let poller: GraphPoller | undefined;


  /** Renders the card and keeps it in the shared store for Instagram to download. */
  async function hostCard(text: string, locale: string | undefined): Promise<string> {
    renderer ??= CardRenderer.create(options.card);
    const card = await (await renderer).render({ text, ...(locale === undefined ? {} : { locale }) });
    if (card.missing.length > 0) log.warn({ missing: card.missing.join('') }, 'card font lacks some letters; they may show as boxes');
    const id = createHash('sha256').update(card.png).digest('hex');
    await deps.state.set(cardStateKey(id), card.png.toString('base64'));
    return `${options.cardBaseUrl.replace(/\/$/, '')}/cards/${encodeURIComponent(name)}/${id}.png`;
  }

  async function containerStatus(id: string): Promise<string> {
    const status = await api.get<{ status_code?: string }>('check container', id, { fields: 'status_code' });
    return status.status_code ?? 'IN_PROGRESS';
  }

  /** Waits for Instagram to download and process the card. */
  async function waitFinished(id: string): Promise<void> {
    const until = deps.clock.now() + options.containerMaxWaitSeconds * 1000;
    for (;;) {
      const status = await containerStatus(id);
      if (status === 'FINISHED') return;
      if (status === 'ERROR' || status === 'EXPIRED') throw new AppError('REJECTED', `Instagram could not use the card (container ${status}); check that ${options.cardBaseUrl}/cards/ is reachable from the internet`, { retryable: false });
      if (status === 'PUBLISHED') return;
      if (deps.clock.now() >= until) throw new AppError('PLATFORM_UNAVAILABLE', `Instagram is still processing container ${id}; the next attempt resumes it`, { retryable: true });
      await new Promise((resolve) => setTimeout(resolve, options.containerPollMs));
    }
  }

  async function publishPost(request: PublishRequest): Promise<PartRef> {
    const key = `container:${request.key}`;
    let container = await deps.state.get<SavedContainer>(key);
    if (container !== undefined) {
      const status = await containerStatus(container.id);
      if (status === 'ERROR' || status === 'EXPIRED') container = undefined;
      else if (status === 'PUBLISHED') {
        // Published by an attempt whose answer was lost: find the post instead of making another.
        const found = await findOwnMedia(request.text, container.createdAt);
        if (found !== undefined) return found;
        throw new AppError('OUTCOME_UNKNOWN', `Instagram container ${container.id} is published but its post is not listed yet`, { retryable: true, mayHaveSucceeded: true });
      }
    }
    if (container === undefined) {
      // The port carries no locale; ICU's word breaking works by script, so cards break right anyway.
      const imageUrl = await hostCard(request.text, undefined);
      // A container is invisible until published: a lost answer here leaves an orphan that expires in 24 h.
      const created = await api.post<{ id: string }>('create media container', `${options.igUserId}/media`, { image_url: imageUrl, caption: request.text, alt_text: cardAltText(request.text, ALT_TEXT_MAX) }, 'read');
      container = { id: created.id, createdAt: deps.clock.now() };
      await deps.state.set(key, container);
    }
    await waitFinished(container.id);
    const media = await api.post<{ id: string }>('publish media', `${options.igUserId}/media_publish`, { creation_id: container.id });
    const info = await api.get<{ permalink?: string }>('read permalink', media.id, { fields: 'permalink' }).catch(() => ({ permalink: undefined }));
    return { id: media.id, ...(info.permalink === undefined ? {} : { url: info.permalink }) };
  }

  async function findOwnMedia(text: string, since: number): Promise<PartRef | undefined> {
    const wanted = comparableText(text);
    let next: string | undefined = `${options.igUserId}/media`;
    let params: Record<string, string | number> = { fields: 'id,caption,timestamp,permalink', limit: 50 };
    for (let page = 0; page < LOOKUP_PAGES && next !== undefined; page++) {
      const batch: { data: { id: string; caption?: string; timestamp?: string; permalink?: string }[]; paging?: { next?: string } } = await api.get('look up own media', next, params);
      for (const m of batch.data) {
        if (graphTimeMs(m.timestamp) >= since - CLOCK_SKEW_MS && comparableText(m.caption ?? '') === wanted) return { id: m.id, ...(m.permalink === undefined ? {} : { url: m.permalink }) };
      }
      if (batch.data.some((m) => graphTimeMs(m.timestamp) < since - CLOCK_SKEW_MS)) return undefined;
      next = batch.paging?.next;
      params = {};
    }
    return undefined;
  }

  function replyTarget(request: Pick<PublishRequest, 'replyTo'>): string | undefined {
    return request.replyTo?.extra?.['threadCommentId'] ?? request.replyTo?.messageId;
  }

  async function publish(request: PublishRequest): Promise<PartRef> {
    const target = replyTarget(request);
    if (target === undefined) return publishPost(request);
    const created = await api.post<{ id: string }>('reply to comment', `${target}/replies`, { message: request.text });
    return { id: created.id };
  }

  async function lookup(request: LookupRequest): Promise<LookupResult> {
    if (deps.clock.now() - request.since < options.settleSeconds * 1000) {
      throw new AppError('PLATFORM_UNAVAILABLE', `Instagram: the attempt is under ${options.settleSeconds} s old`, { retryable: true, retryAt: request.since + options.settleSeconds * 1000 });
    }
    try {
      const target = replyTarget(request);
      if (target === undefined) {
        const container = await deps.state.get<SavedContainer>(`container:${request.key}`);
        // Not published yet (or never created): publishing the saved container again is safe.
        if (container === undefined || (await containerStatus(container.id)) !== 'PUBLISHED') return { found: false };
        const found = await findOwnMedia(request.text, Math.min(request.since, container.createdAt));
        return found === undefined ? { found: 'unknown', reason: `container ${container.id} is published but its post was not found` } : { found: true, ref: found };
      }
      const replies: { data: IgComment[] } = await api.get('look up own replies', `${target}/replies`, { fields: IG_COMMENT_FIELDS, limit: 50 });
      const wanted = comparableText(request.text);
      const mine = replies.data.find((c) => c.from?.id === options.igUserId && graphTimeMs(c.timestamp) >= request.since - CLOCK_SKEW_MS && comparableText(c.text ?? '') === wanted);
      return mine === undefined ? { found: false } : { found: true, ref: { id: mine.id } };
    } catch (error) {
      return unknownUnlessPassing(error);
    }
  }

  return {
    name,
    kind: 'instagram',
    limits: INSTAGRAM_LIMITS,
    health: () => api.health(),
    publish,
    lookup,
    pollNow: async () => poller?.poll(),
    async start(onInbound: InboundHandler) {
      const me = await api.get<{ id: string; username?: string }>('verify account', options.igUserId, { fields: 'id,username' });
      log.info({ account: me.username ?? me.id }, 'instagram account verified');
      renderer ??= CardRenderer.create(options.card);
      await renderer;
      if (options.pollSeconds === 0) return;
      poller = startGraphPoller(api, options, deps, log, onInbound, (since) => readMediaComments(api, { igUserId: options.igUserId, channel: name, since, windowStart: deps.clock.now() - options.commentWindowHours * 3_600_000, now: deps.clock.now() }));
    },
    async close() {
      await poller?.close();
    },
  };
}
