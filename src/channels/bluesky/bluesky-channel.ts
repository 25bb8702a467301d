import { RichText } from '@atproto/api';
import { attachCard, PostCards } from '../../cards/post-cards.js';
import type { AppBskyRichtextFacet } from '@atproto/api';
import { AppError } from '../../domain/errors.js';
import type { PartRef } from '../../domain/post.js';
import type { Channel, ChannelDeps, InboundHandler, LookupRequest, LookupResult, PublishRequest } from '../channel.js';
import { withOverrides } from '../kit/channel-capabilities.js';
import { createGuardedCall, guardedLookup } from '../kit/guarded-call.js';
import { HealthTracker } from '../kit/health-tracker.js';
import { MentionPoller } from '../kit/mention-poller.js';
import type { CallKind } from '../kit/platform-failure.js';
import { SelfHealingStart } from '../kit/self-healing-start.js';
import { BLUESKY_CAPABILITIES } from './bluesky-capabilities.js';
import { describeBlueskyError } from './bluesky-errors.js';
import { blueskyNotificationSource } from './bluesky-inbound.js';
import { SessionKeeper } from './bluesky-session.js';
import { ThreadResolver, replyParentOf, webUrl } from './bluesky-threading.js';
import type { ReplyRefs } from './bluesky-threading.js';

import type { BlueskyOptions } from './bluesky-options.js';
export { blueskyOptionsSchema } from './bluesky-options.js';
export type { BlueskyOptions } from './bluesky-options.js';

export type BlueskyChannel = Channel & { pollNow(): Promise<void> };

/** First start: answer the last hour at most; older mentions are not worth answering. */
const FIRST_RUN_BACKLOG_MS = 60 * 60_000;
const FEED_PAGE = 100;
const FEED_PAGES = 10;
/** Tolerance between the attempt's start and the record's createdAt, both from our clock. */
const LOOKUP_SLACK_MS = 2_000;
/** Alt text kept within 2,000 characters (what Bluesky's app accepts); blobs for images ≤ 1,000,000 bytes. */
const ALT_TEXT_MAX = 2000;
const IMAGE_MAX_BYTES = 1_000_000;
const LINK_FEATURE = 'app.bsky.richtext.facet#link';
const MENTION_FEATURE = 'app.bsky.richtext.facet#mention';

/**
 * Bluesky via @atproto/api. Posts are records in the account's repo; a PartRef's id is the
 * record's at:// uri and its url the bsky.app page. Only link facets are attached, so an
 * @handle in the text is plain text and notifies nobody.
 */
export function createBlueskyChannel(name: string, options: BlueskyOptions, deps: ChannelDeps): BlueskyChannel {
  const logger = deps.logger.child({ channel: name, kind: 'bluesky' });
  const capabilities = withOverrides(BLUESKY_CAPABILITIES, BLUESKY_CAPABILITIES.limits, options);
  const health = new HealthTracker(deps.clock, logger);
  const guard = createGuardedCall({ platform: 'Bluesky', health, logger, clock: deps.clock, describe: (error) => describeBlueskyError(error, deps.clock.now()), timeoutMs: options.timeoutMs + 5_000 });
  let keeper: SessionKeeper | undefined;
  let threads: ThreadResolver | undefined;
  let poller: MentionPoller | undefined;
  let starter: SelfHealingStart | undefined;
  const cards = options.card === undefined ? undefined : new PostCards(options.card, logger);

  /** Runs one platform call through the kit's guarded call; rotated tokens are stored before it returns. */
  async function call<T>(kind: CallKind, what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await guard(kind, what, fn);
    } finally {
      // Refreshed tokens must be stored before anyone can start a second instance on them.
      await keeper?.flush();
    }
  }

  function session(): { keeper: SessionKeeper; threads: ThreadResolver; did: string } {
    const did = keeper?.did;
    if (!keeper || !threads || did === undefined) {
      if (health.state === 'disabled') throw new AppError('AUTH_FAILED', `bluesky channel ${name}: ${health.get().reason ?? 'login refused'}`, { retryable: false });
      // Not logged in yet (start-up, or a login that is being retried): a passing state, not a refusal.
      throw new AppError('PLATFORM_UNAVAILABLE', `bluesky channel ${name} has no session yet`, { retryable: true, retryAt: deps.clock.now() + 2_000 });
    }
    return { keeper, threads, did };
  }

  async function replyRefs(request: PublishRequest, resolver: ThreadResolver): Promise<ReplyRefs | undefined> {
    if (request.inReplyTo) return resolver.forUri(request.inReplyTo.id);
    if (request.replyTo) return resolver.forTarget(request.replyTo);
    return undefined;
  }

  function credentials(): { identifier: string; password: string } {
    const identifier = options.identifier ?? deps.secret(options.identifierEnv);
    if (identifier === undefined || identifier === '') {
      throw new AppError('AUTH_FAILED', `bluesky: set option "identifier" or env ${options.identifierEnv}`, { retryable: false });
    }
    const password = deps.secret(options.passwordEnv);
    if (password === undefined || password === '') {
      throw new AppError('AUTH_FAILED', `bluesky: env ${options.passwordEnv} (app password) is not set`, { retryable: false });
    }
    return { identifier, password };
  }

  /** Resumes the stored session or logs in; a refused password is AUTH_FAILED. */
  async function connect(): Promise<void> {
    const opened = new SessionKeeper({
      service: options.service,
      ...credentials(),
      timeoutMs: options.timeoutMs,
      state: deps.state,
      logger,
      now: () => deps.clock.now(),
    });
    keeper = opened;
    await guard('read', 'open session', () => opened.open());
    threads = new ThreadResolver(opened.agent);
  }

  return {
    name,
    kind: 'bluesky',
    limits: BLUESKY_CAPABILITIES.limits,
    capabilities,
    health: () => health.get(),

    async start(onInbound: InboundHandler): Promise<void> {
      await poller?.close();
      poller =
        options.pollSeconds <= 0
          ? undefined
          : new MentionPoller({
              deps,
              logger,
              onInbound,
              intervalMs: options.pollSeconds * 1000,
              overlapMs: capabilities.mentionOverlapMs,
              firstRunBacklogMs: FIRST_RUN_BACKLOG_MS,
              // Older versions saved `{ indexedAt, uris }` under `cursor`.
              legacyCursor: (saved) => {
                const at = Date.parse((saved as { indexedAt?: string } | undefined)?.indexedAt ?? '');
                return Number.isFinite(at) ? at : undefined;
              },
              source: blueskyNotificationSource({
                channel: name,
                agent: () => session().keeper.agent,
                now: () => deps.clock.now(),
                selfDid: () => keeper?.did,
                guard: (what, fn) => call('read', what, fn),
              }),
            });
      const reading = poller;
      starter = new SelfHealingStart({
        health,
        logger,
        clock: deps.clock,
        retry: options,
        check: () => void credentials(),
        connect: async () => {
          // Where reading starts is fixed before the first platform call.
          await reading?.init();
          await connect();
        },
        onUp: () => reading?.start(),
      });
      await starter.start();
    },

    async close(): Promise<void> {
      starter?.close();
      await starter?.settled();
      await poller?.close();
      await keeper?.flush();
    },

    pollNow: async () => {
      await poller?.pollNow();
    },

    async publish(request: PublishRequest): Promise<PartRef> {
      const { keeper: k, threads: resolver } = session();
      const reply = await call('read', 'resolve reply', () => replyRefs(request, resolver));
      const rt = new RichText({ text: request.text });
      rt.detectFacetsWithoutResolution();
      const facets = safeFacets(rt.facets, request.replyTo);
      // The blob is uploaded first; it stays unreferenced (and is collected) if the post never goes out.
      const embed = await attachCard(
        cards,
        request,
        ALT_TEXT_MAX,
        async (card) => {
          if (card.png.length > IMAGE_MAX_BYTES) throw new AppError('REJECTED', `card is ${card.png.length} bytes; Bluesky takes images up to ${IMAGE_MAX_BYTES}`, { retryable: false });
          const blob = await call('read', 'uploadBlob', () => k.agent.uploadBlob(card.png, { encoding: 'image/png' }));
          return { $type: 'app.bsky.embed.images', images: [{ image: blob.data.blob, alt: card.alt, aspectRatio: { width: card.width, height: card.height } }] };
        },
        logger,
      );
      const created = await call('write', 'createRecord', () =>
        k.agent.post({
          text: rt.text,
          createdAt: new Date(deps.clock.now()).toISOString(),
          ...(facets.length > 0 ? { facets } : {}),
          ...(reply === undefined ? {} : { reply }),
          ...(embed === undefined ? {} : { embed }),
        }),
      );
      resolver.remember(created.uri, created.cid, reply);
      logger.info({ key: request.key, uri: created.uri }, 'bluesky post published');
      return { id: created.uri, url: webUrl(created.uri) };
    },

    lookup: (request: LookupRequest): Promise<LookupResult> =>
      guardedLookup(async () => {
        const { keeper: k, did } = session();
        return call('read', 'getAuthorFeed', () => findOwnPost(k, did, request));
      }),
  };
}

/**
 * Link facets, plus a mention facet (byte offsets from RichText) for the asker of a reply and
 * nobody else: a mention of any other @handle in an emergency text would notify strangers.
 */
function safeFacets(facets: AppBskyRichtextFacet.Main[] | undefined, replyTo: PublishRequest['replyTo']): AppBskyRichtextFacet.Main[] {
  const askerHandle = replyTo?.authorHandle?.toLowerCase();
  const askerDid = replyTo?.extra?.['authorDid'];
  const kept: AppBskyRichtextFacet.Main[] = [];
  for (const facet of facets ?? []) {
    if (facet.features.length > 0 && facet.features.every((feature) => feature.$type === LINK_FEATURE)) {
      kept.push(facet);
      continue;
    }
    const mention = facet.features.length === 1 && facet.features[0]?.$type === MENTION_FEATURE ? facet.features[0] : undefined;
    // Without resolution the library puts the handle where the DID goes.
    if (mention !== undefined && askerDid !== undefined && String((mention as { did?: unknown }).did).toLowerCase() === askerHandle) {
      kept.push({ ...facet, features: [{ $type: MENTION_FEATURE, did: askerDid }] });
    }
  }
  return kept;
}

/** Walks the account's own recent posts, newest first, back to the attempt's start. */
async function findOwnPost(keeper: SessionKeeper, did: string, request: LookupRequest): Promise<LookupResult> {
  const wanted = request.text.trim();
  const notBefore = request.since - LOOKUP_SLACK_MS;
  const expectedParent = request.inReplyTo?.id ?? request.replyTo?.messageId;
  let cursor: string | undefined;
  for (let page = 0; page < FEED_PAGES; page++) {
    const res = await keeper.agent.getAuthorFeed({
      actor: did,
      limit: FEED_PAGE,
      filter: 'posts_with_replies',
      ...(cursor === undefined ? {} : { cursor }),
    });
    for (const item of res.data.feed) {
      const post = item.post;
      // Reposts carry an old record under a new feed position; they are never the attempt.
      if (item.reason !== undefined || post.author.did !== did) continue;
      const record = post.record as { text?: unknown; createdAt?: unknown };
      const createdAt = typeof record.createdAt === 'string' ? Date.parse(record.createdAt) : Date.parse(post.indexedAt);
      if (createdAt < notBefore) return { found: false };
      if (typeof record.text !== 'string' || record.text.trim() !== wanted) continue;
      if (expectedParent !== undefined && replyParentOf(post.record)?.uri !== expectedParent) continue;
      return { found: true, ref: { id: post.uri, url: webUrl(post.uri) } };
    }
    cursor = res.data.cursor;
    if (cursor === undefined || res.data.feed.length === 0) return { found: false };
  }
  // More posts since the attempt than we are willing to page through: do not guess.
  return { found: 'unknown', reason: `more than ${FEED_PAGES * FEED_PAGE} posts since the attempt` };
}
