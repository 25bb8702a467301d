import { RichText } from '@atproto/api';
import type { AppBskyRichtextFacet } from '@atproto/api';
import { AppError, isAppError } from '../../domain/errors.js';
import type { PartRef } from '../../domain/post.js';
import type {
  Channel,
  ChannelDeps,
  ChannelHealth,
  ChannelLimits,
  InboundHandler,
  LookupRequest,
  LookupResult,
  PublishRequest,
} from '../channel.js';
import { mapBlueskyError } from './bluesky-errors.js';
import type { CallKind } from './bluesky-errors.js';
import { NotificationPoller } from './bluesky-inbound.js';
import { SessionKeeper } from './bluesky-session.js';
import { ThreadResolver, replyParentOf, webUrl } from './bluesky-threading.js';
import type { ReplyRefs } from './bluesky-threading.js';

import type { BlueskyOptions } from './bluesky-options.js';
export { blueskyOptionsSchema } from './bluesky-options.js';
export type { BlueskyOptions } from './bluesky-options.js';

export type BlueskyChannel = Channel & { pollNow(): Promise<void> };

const LIMITS: ChannelLimits = { maxLength: 300, lengthRule: 'graphemes', threads: true, maxThreadParts: 10 };
const FEED_PAGE = 100;
const FEED_PAGES = 10;
/** Tolerance between the attempt's start and the record's createdAt, both from our clock. */
const LOOKUP_SLACK_MS = 2_000;
const LINK_FEATURE = 'app.bsky.richtext.facet#link';
const MENTION_FEATURE = 'app.bsky.richtext.facet#mention';

/**
 * Bluesky via @atproto/api. Posts are records in the account's repo; a PartRef's id is the
 * record's at:// uri and its url the bsky.app page. Only link facets are attached, so an
 * @handle in the text is plain text and notifies nobody.
 */
export function createBlueskyChannel(name: string, options: BlueskyOptions, deps: ChannelDeps): BlueskyChannel {
  const logger = deps.logger.child({ channel: name, kind: 'bluesky' });
  let health: ChannelHealth = { state: 'ok', since: deps.clock.now() };
  let keeper: SessionKeeper | undefined;
  let threads: ThreadResolver | undefined;
  let poller: NotificationPoller | undefined;
  let handler: InboundHandler | undefined;
  let timer: NodeJS.Timeout | undefined;
  let polling: Promise<void> = Promise.resolve();

  function setHealth(state: ChannelHealth['state'], reason?: string): void {
    if (health.state === state && health.reason === reason) return;
    health = { state, since: deps.clock.now(), ...(reason === undefined ? {} : { reason }) };
  }

  /** Runs one platform call, mapping failures and keeping health in step with the outcome. */
  async function call<T>(kind: CallKind, what: string, fn: () => Promise<T>): Promise<T> {
    try {
      const result = await fn();
      if (health.state !== 'ok') setHealth('ok');
      return result;
    } catch (error) {
      const mapped = mapBlueskyError(error, kind, deps.clock.now());
      if (mapped.code === 'AUTH_FAILED') setHealth('disabled', mapped.message);
      else if (mapped.retryable) setHealth('degraded', mapped.message);
      logger.warn({ code: mapped.code, retryAt: mapped.retryAt, what }, 'bluesky call failed');
      throw mapped;
    } finally {
      // Refreshed tokens must be stored before anyone can start a second instance on them.
      await keeper?.flush();
    }
  }

  function session(): { keeper: SessionKeeper; threads: ThreadResolver; did: string } {
    const did = keeper?.did;
    if (!keeper || !threads || did === undefined) {
      if (health.state === 'disabled') throw new AppError('AUTH_FAILED', `bluesky channel ${name}: ${health.reason ?? 'login refused'}`, { retryable: false });
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

  async function pollOnce(): Promise<void> {
    if (!poller || !handler) return;
    const active = poller;
    const onInbound = handler;
    const delivered = await active.poll(onInbound);
    if (delivered > 0) logger.debug({ delivered }, 'bluesky notifications delivered');
  }

  function queuePoll(): Promise<void> {
    // Polls never overlap: a slow handler would otherwise see the same notification twice.
    const next = polling.then(pollOnce);
    polling = next.catch(() => undefined);
    return next;
  }

  return {
    name,
    kind: 'bluesky',
    limits: LIMITS,
    health: () => health,

    async start(onInbound: InboundHandler): Promise<void> {
      const identifier = options.identifier ?? deps.secret(options.identifierEnv);
      if (identifier === undefined || identifier === '') {
        throw new AppError('AUTH_FAILED', `bluesky: set option "identifier" or env ${options.identifierEnv}`, { retryable: false });
      }
      const password = deps.secret(options.passwordEnv);
      if (password === undefined || password === '') {
        throw new AppError('AUTH_FAILED', `bluesky: env ${options.passwordEnv} (app password) is not set`, { retryable: false });
      }
      const opened = new SessionKeeper({
        service: options.service,
        identifier,
        password,
        timeoutMs: options.timeoutMs,
        state: deps.state,
        logger,
        now: () => deps.clock.now(),
      });
      keeper = opened;
      try {
        await opened.open();
      } catch (error) {
        const mapped = mapBlueskyError(error, 'read', deps.clock.now());
        setHealth(mapped.code === 'AUTH_FAILED' ? 'disabled' : 'degraded', mapped.message);
        throw mapped;
      }
      setHealth('ok');
      threads = new ThreadResolver(opened.agent);
      if (options.pollSeconds <= 0) return;
      handler = onInbound;
      poller = new NotificationPoller({
        channel: name,
        agent: opened.agent,
        state: deps.state,
        now: () => deps.clock.now(),
        selfDid: () => opened.did,
        guard: (what, fn) => call('read', what, fn),
      });
      timer = setInterval(() => {
        queuePoll().catch((error: unknown) => {
          // Platform failures are already logged and reflected in health; this catches handler ones.
          logger.error({ err: error instanceof Error ? error.message : String(error) }, 'bluesky poll failed');
        });
      }, options.pollSeconds * 1000);
      timer.unref();
    },

    async close(): Promise<void> {
      if (timer) clearInterval(timer);
      timer = undefined;
      handler = undefined;
      await polling;
      await keeper?.flush();
    },

    pollNow: queuePoll,

    async publish(request: PublishRequest): Promise<PartRef> {
      const { keeper: k, threads: resolver } = session();
      const reply = await call('read', 'resolve reply', () => replyRefs(request, resolver));
      const rt = new RichText({ text: request.text });
      rt.detectFacetsWithoutResolution();
      const facets = safeFacets(rt.facets, request.replyTo);
      const created = await call('write', 'createRecord', () =>
        k.agent.post({
          text: rt.text,
          createdAt: new Date(deps.clock.now()).toISOString(),
          ...(facets.length > 0 ? { facets } : {}),
          ...(reply === undefined ? {} : { reply }),
        }),
      );
      resolver.remember(created.uri, created.cid, reply);
      logger.info({ key: request.key, uri: created.uri }, 'bluesky post published');
      return { id: created.uri, url: webUrl(created.uri) };
    },

    async lookup(request: LookupRequest): Promise<LookupResult> {
      try {
        const { keeper: k, did } = session();
        return await call('read', 'getAuthorFeed', () => findOwnPost(k, did, request));
      } catch (error) {
        // A passing failure (429, 5xx, timeout) is thrown so the dispatcher asks again later;
        // only a definite inability to answer parks the post for a person.
        if (isAppError(error) && error.retryable) throw error;
        const reason = error instanceof Error ? error.message : String(error);
        return { found: 'unknown', reason };
      }
    },
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
