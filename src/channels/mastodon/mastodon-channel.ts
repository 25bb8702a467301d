import { createRestAPIClient, type mastodon } from 'masto';
import { AppError } from '../../domain/errors.js';
import type { PartRef } from '../../domain/post.js';
import type { Channel, ChannelDeps, ChannelHealth, ChannelLimits, ChannelState, InboundHandler, LookupRequest, LookupResult, PublishRequest } from '../channel.js';
import { htmlToText } from './html-to-text.js';
import { mapMastoError, type CallKind } from './mastodon-errors.js';
import { compareIds, createMentionPoller } from './mastodon-inbound.js';
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
 * the asker's handle first, reads mention notifications by polling, and reconciles a lost
 * answer by reading the account's own recent statuses. Every status is sent with the part's
 * key as `Idempotency-Key`, so the instance itself drops a resend of the same part.
 */
/** Mastodon's own default, used until the instance says otherwise. */
const DEFAULT_MAX_LENGTH = 500;

export function createMastodonChannel(name: string, options: MastodonOptions, deps: ChannelDeps): MastodonChannel {
  const log = deps.logger.child({ channel: name, kind: 'mastodon' });
  const limits: ChannelLimits = { maxLength: options.maxLength ?? DEFAULT_MAX_LENGTH, lengthRule: 'mastodon', threads: true, maxThreadParts: 10 };
  let health: ChannelHealth = { state: 'ok', since: deps.clock.now() };
  let client: mastodon.rest.Client | undefined;
  let ownAccountId: string | undefined;
  let poll: (() => Promise<void>) | undefined;
  let polling: Promise<void> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  const parents = new Map<string, ParentInfo>();

  function setHealth(state: ChannelState, reason?: string): void {
    if (health.state === state && health.reason === reason) return;
    health = { state, since: deps.clock.now(), ...(reason === undefined ? {} : { reason }) };
    if (state !== 'ok') log.warn({ state, reason }, 'mastodon channel health changed');
  }

  /** Runs one API call, mapping failures and keeping health in step with what the instance says. */
  async function call<T>(kind: CallKind, what: string, fn: (c: mastodon.rest.Client) => PromiseLike<T>): Promise<T> {
    const c = getClient();
    try {
      const result = await fn(c);
      if (health.state !== 'ok') setHealth('ok');
      return result;
    } catch (error) {
      const mapped = mapMastoError(error, kind, deps.clock.now());
      if (mapped.code === 'AUTH_FAILED') setHealth('disabled', `${what}: ${mapped.message}`);
      else if (mapped.retryable) setHealth('degraded', `${what}: ${mapped.message}`);
      throw mapped;
    }
  }

  function getClient(): mastodon.rest.Client {
    if (client !== undefined) return client;
    const token = deps.secret(options.tokenEnv);
    if (token === undefined || token.length === 0) {
      setHealth('disabled', `no access token in ${options.tokenEnv}`);
      throw new AppError('AUTH_FAILED', `Mastodon channel ${name}: environment variable ${options.tokenEnv} is not set`, { retryable: false });
    }
    // One client for the life of the channel; masto only logs request lines, never headers.
    client = createRestAPIClient({ url: options.instance, accessToken: token, timeout: options.timeoutMs, log: 'error' });
    return client;
  }

  /** Instances set their own limit (glitch-soc, Hometown allow thousands); posts are fitted to it. */
  async function readInstanceLimit(): Promise<void> {
    try {
      const instance = await getClient().v2.instance.fetch();
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
    const status = await call('write', 'post status', (c) =>
      c.v1.statuses.create(
        { status: p.text, visibility: p.visibility, ...(p.inReplyToId === undefined ? {} : { inReplyToId: p.inReplyToId }), ...(options.language === undefined ? {} : { language: options.language }) },
        { requestInit: { headers: { 'Idempotency-Key': request.key } } },
      ),
    );
    const handle = status.mentions[0]?.acct;
    remember(status.id, { direct: status.visibility === 'direct', ...(handle === undefined ? {} : { handle }) });
    return { id: status.id, ...(status.url ? { url: status.url } : { url: status.uri }) };
  }

  async function lookup(request: LookupRequest): Promise<LookupResult> {
    try {
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
      return { found: 'unknown', reason: `more than ${LOOKUP_PAGE * LOOKUP_MAX_PAGES} statuses since the attempt; not searched further` };
    } catch (error) {
      const mapped = error instanceof AppError ? error : mapMastoError(error, 'read', deps.clock.now());
      // A passing failure (429, 5xx, timeout) is thrown so the dispatcher asks again later;
      // only a definite inability to answer parks the post for a person.
      if (mapped.retryable) throw mapped;
      return { found: 'unknown', reason: `${mapped.code}: ${mapped.message}` };
    }
  }

  async function pollNow(): Promise<void> {
    if (poll === undefined || closed) return;
    // One poll at a time: a slow instance must not make two polls deliver the same mention.
    polling ??= (async () => {
      try {
        await poll();
        // The instance answered with our token: whatever degraded the channel has passed.
        if (health.state !== 'ok') setHealth('ok');
      } catch (error) {
        const mapped = mapMastoError(error, 'read', deps.clock.now());
        if (mapped.code === 'AUTH_FAILED') setHealth('disabled', `read mentions: ${mapped.message}`);
        else if (mapped.retryable) setHealth('degraded', `read mentions: ${mapped.message}`);
        log.warn({ code: mapped.code, err: mapped.message }, 'mention poll failed; will try again');
      } finally {
        polling = undefined;
      }
    })();
    return polling;
  }

  function schedule(): void {
    if (closed || options.pollSeconds === 0) return;
    timer = setTimeout(() => {
      void pollNow().finally(schedule);
    }, options.pollSeconds * 1000);
    timer.unref();
  }

  return {
    name,
    kind: 'mastodon',
    limits,
    health: () => health,
    publish,
    lookup,
    pollNow,
    async start(onInbound: InboundHandler) {
      closed = false;
      const me = await accountId();
      if (options.maxLength === undefined) await readInstanceLimit();
      if (options.pollSeconds === 0) return;
      poll = createMentionPoller({
        client: getClient(),
        state: deps.state,
        channel: name,
        ownAccountId: me,
        now: () => deps.clock.now(),
        firstRunBacklogMs: options.firstRunBacklogMinutes * 60_000,
        onInbound,
      });
      void pollNow().finally(schedule);
    },
    async close() {
      closed = true;
      if (timer !== undefined) clearTimeout(timer);
      await polling;
    },
  };
}
