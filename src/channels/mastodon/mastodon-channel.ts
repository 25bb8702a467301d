import { createRestAPIClient, type mastodon } from 'masto';
import { attachCard, PostCards } from '../../cards/post-cards.js';
import { AppError } from '../../domain/errors.js';
import type { PartRef } from '../../domain/post.js';
import type { Channel, ChannelDeps, ChannelLimits, InboundHandler, LookupRequest, LookupResult, PublishRequest } from '../channel.js';
import { withOverrides } from '../kit/channel-capabilities.js';
import { createGuardedCall, guardedLookup } from '../kit/guarded-call.js';
import { HealthTracker } from '../kit/health-tracker.js';
import { MentionPoller } from '../kit/mention-poller.js';
import type { CallKind } from '../kit/platform-failure.js';
import { SelfHealingStart } from '../kit/self-healing-start.js';
import { htmlToText } from './html-to-text.js';
import { MASTODON_CAPABILITIES } from './mastodon-capabilities.js';
import { describeMastoError } from './mastodon-errors.js';
import { compareIds, mastodonMentionSource, snowflakeTime } from './mastodon-inbound.js';
import type { MastodonOptions } from './mastodon-options.js';
import { comparableText, composeStatusText } from './mastodon-text.js';

export { mastodonOptionsSchema, type MastodonOptions } from './mastodon-options.js';

export type MastodonChannel = Channel & { pollNow(): Promise<void> };

const LOOKUP_PAGE = 40;
const LOOKUP_MAX_PAGES = 10;
/** Mastodon keeps an Idempotency-Key for an hour; a margin for clock skew. */
const IDEMPOTENCY_WINDOW_MS = 50 * 60_000;
/** Our clock and the instance's may disagree; look a little further back than asked. */
const CLOCK_SKEW_MS = 120_000;
/** Remembered visibility of our own recent statuses, so thread parts need no extra request. */
const PARENT_CACHE_SIZE = 500;
/** Mastodon caps media descriptions (alt text) at 1,500 characters. */
const ALT_TEXT_MAX = 1500;

interface ParentInfo {
  direct: boolean;
  handle?: string;
}

interface Plan {
  text: string;
  visibility: mastodon.v1.StatusVisibility;
  inReplyToId?: string;
}

/**
 * Mastodon adapter on masto.js: posts statuses (threads as self-replies), answers mentions with
 * the asker's handle first, reads mention notifications with the kit poller, and reconciles a
 * lost answer by reading the account's own recent statuses. Every status is sent with the part's
 * key as `Idempotency-Key`, so the instance itself drops a resend of the same part — once the
 * first one is committed (hence the settle window before any resend).
 */
export function createMastodonChannel(name: string, options: MastodonOptions, deps: ChannelDeps): MastodonChannel {
  const log = deps.logger.child({ channel: name, kind: 'mastodon' });
  const limits: ChannelLimits = { ...MASTODON_CAPABILITIES.limits, ...(options.maxLength === undefined ? {} : { maxLength: options.maxLength }) };
  const capabilities = withOverrides(MASTODON_CAPABILITIES, limits, options);
  const health = new HealthTracker(deps.clock, log);
  const guard = createGuardedCall({ platform: 'Mastodon', health, logger: log, clock: deps.clock, describe: (error) => describeMastoError(error, deps.clock.now()), timeoutMs: options.timeoutMs + 5_000 });
  let client: mastodon.rest.Client | undefined;
  let ownAccountId: string | undefined;
  let poller: MentionPoller | undefined;
  let starter: SelfHealingStart | undefined;
  const parents = new Map<string, ParentInfo>();
  const cards = options.card === undefined ? undefined : new PostCards(options.card, log);

  /** Runs one API call through the kit's guarded call. */
  function call<T>(kind: CallKind, what: string, fn: (c: mastodon.rest.Client) => PromiseLike<T>): Promise<T> {
    return guard(kind, what, async () => fn(getClient()));
  }

  function getClient(): mastodon.rest.Client {
    if (client !== undefined) return client;
    const token = deps.secret(options.tokenEnv);
    if (token === undefined || token.length === 0) {
      throw new AppError('AUTH_FAILED', `Mastodon channel ${name}: environment variable ${options.tokenEnv} is not set`, { retryable: false });
    }
    // One client for the life of the channel; masto only logs request lines, never headers.
    client = createRestAPIClient({ url: options.instance, accessToken: token, timeout: options.timeoutMs, log: 'error' });
    return client;
  }

  /** Instances set their own limit (glitch-soc, Hometown allow thousands); posts are fitted to it. */
  async function readInstanceLimit(): Promise<void> {
    try {
      const instance = await guard('read', 'read instance limit', () => getClient().v2.instance.fetch());
      const max = instance.configuration.statuses.maxCharacters;
      if (Number.isInteger(max) && max > 0) limits.maxLength = max;
      log.info({ maxLength: limits.maxLength }, 'mastodon instance limit read');
    } catch (error) {
      log.warn({ err: error instanceof Error ? error.message : String(error), maxLength: limits.maxLength }, 'could not read the instance limit; using the default');
    }
  }

  async function accountId(): Promise<string> {
    if (ownAccountId !== undefined) return ownAccountId;
    const me = await call('read', 'verify credentials', (c) => c.v1.accounts.verifyCredentials());
    ownAccountId = me.id;
    log.info({ account: me.acct, instance: options.instance }, 'mastodon account verified');
    return me.id;
  }

  function remember(id: string, info: ParentInfo): void {
    parents.set(id, info);
    if (parents.size > PARENT_CACHE_SIZE) {
      const oldest = parents.keys().next().value;
      if (oldest !== undefined) parents.delete(oldest);
    }
  }

  /** A later part of a private answer stays private and keeps addressing the asker. */
  async function parentInfo(id: string): Promise<ParentInfo> {
    const known = parents.get(id);
    if (known !== undefined) return known;
    const parent = await call('read', 'fetch parent status', (c) => c.v1.statuses.$select(id).fetch());
    const handle = parent.mentions[0]?.acct;
    const info: ParentInfo = { direct: parent.visibility === 'direct', ...(handle === undefined ? {} : { handle }) };
    remember(id, info);
    return info;
  }

  async function plan(request: Pick<PublishRequest, 'text' | 'replyTo' | 'inReplyTo'>): Promise<Plan> {
    const inReplyToId = request.inReplyTo?.id ?? request.replyTo?.messageId;
    let visibility: mastodon.v1.StatusVisibility = options.visibility;
    let handle: string | undefined;
    if (request.replyTo !== undefined) {
      handle = request.replyTo.authorHandle;
      if (request.replyTo.extra?.['visibility'] === 'direct') visibility = 'direct';
    } else if (request.inReplyTo !== undefined) {
      const parent = await parentInfo(request.inReplyTo.id);
      if (parent.direct) {
        visibility = 'direct';
        handle = parent.handle;
      }
    }
    return { text: composeStatusText(request.text, limits.maxLength, handle), visibility, ...(inReplyToId === undefined ? {} : { inReplyToId }) };
  }

  async function publish(request: PublishRequest): Promise<PartRef> {
    const p = await plan(request);
    // Uploaded first (nothing visible until attached); the description is the alt text.
    const media = await attachCard(cards, { ...request, ...(request.locale === undefined && options.language !== undefined ? { locale: options.language } : {}) }, ALT_TEXT_MAX, (card) => call('read', 'upload card', (c) => c.v2.media.create({ file: new Blob([card.png], { type: 'image/png' }), description: card.alt })), log);
    const status = await call('write', 'post status', (c) =>
      c.v1.statuses.create(
        { status: p.text, visibility: p.visibility, ...(p.inReplyToId === undefined ? {} : { inReplyToId: p.inReplyToId }), ...(options.language === undefined ? {} : { language: options.language }), ...(media === undefined ? {} : { mediaIds: [media.id] }) },
        { requestInit: { headers: { 'Idempotency-Key': request.key } } },
      ),
    );
    const handle = status.mentions[0]?.acct;
    remember(status.id, { direct: status.visibility === 'direct', ...(handle === undefined ? {} : { handle }) });
    return { id: status.id, ...(status.url ? { url: status.url } : { url: status.uri }) };
  }

  function lookup(request: LookupRequest): Promise<LookupResult> {
    return guardedLookup(async () => {
      const p = await plan(request);
      const wanted = comparableText(p.text);
      const me = await accountId();
      const oldest = request.since - CLOCK_SKEW_MS;
      let maxId: string | undefined;
      for (let page = 0; page < LOOKUP_MAX_PAGES; page++) {
        const statuses = await call('read', 'list own statuses', (c) =>
          c.v1.accounts.$select(me).statuses.list({ limit: LOOKUP_PAGE, excludeReblogs: true, ...(maxId === undefined ? {} : { maxId }) }),
        );
        for (const s of statuses) {
          const sameTarget = p.inReplyToId === undefined || s.inReplyToId === p.inReplyToId;
          if (sameTarget && Date.parse(s.createdAt) >= oldest && comparableText(htmlToText(s.content)) === wanted) {
            return { found: true, ref: { id: s.id, url: s.url ?? s.uri } };
          }
        }
        const last = [...statuses].sort((a, b) => compareIds(a.id, b.id))[0];
        if (last === undefined || statuses.length < LOOKUP_PAGE || Date.parse(last.createdAt) < oldest) return { found: false };
        maxId = last.id;
      }
      // Too many statuses to search (a storm of answers). Within the hour Mastodon keeps an
      // Idempotency-Key, a resend with the same key returns the status already made, so it is safe.
      if (deps.clock.now() - request.since < IDEMPOTENCY_WINDOW_MS) return { found: false };
      return { found: 'unknown' as const, reason: `more than ${LOOKUP_PAGE * LOOKUP_MAX_PAGES} statuses since the attempt; not searched further` };
    });
  }

  function makePoller(onInbound: InboundHandler): MentionPoller {
    return new MentionPoller({
      deps,
      logger: log,
      onInbound,
      intervalMs: options.pollSeconds * 1000,
      overlapMs: capabilities.mentionOverlapMs,
      firstRunBacklogMs: options.firstRunBacklogMinutes * 60_000,
      // Older versions saved the last notification id under `cursor`.
      legacyCursor: (saved) => (typeof saved === 'string' ? snowflakeTime(saved) : undefined),
      source: mastodonMentionSource({
        client: getClient(),
        channel: name,
        ownAccountId: () => ownAccountId,
        now: () => deps.clock.now(),
        guard: (what, fn) => guard('read', what, fn),
      }),
    });
  }

  return {
    name,
    kind: 'mastodon',
    limits,
    capabilities,
    health: () => health.get(),
    publish,
    lookup,
    async pollNow() {
      await poller?.pollNow();
    },
    async start(onInbound: InboundHandler) {
      await poller?.close();
      poller = undefined;
      starter = new SelfHealingStart({
        health,
        logger: log,
        clock: deps.clock,
        retry: options,
        check: () => void getClient(),
        connect: async () => {
          // Where reading starts is fixed before the first platform call, so mentions that
          // arrive while the instance refuses us are read once we are up.
          poller ??= makePoller(onInbound);
          await poller.init();
          await accountId();
          if (options.maxLength === undefined) await readInstanceLimit();
        },
        onUp: () => {
          if (options.pollSeconds > 0) poller?.start();
        },
      });
      await starter.start();
    },
    async close() {
      starter?.close();
      await starter?.settled();
      await poller?.close();
    },
  };
}
