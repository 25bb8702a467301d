import http from 'node:http';
import type { IClientSettings, SendTweetV2Params, TwitterApi } from 'twitter-api-v2';
import { isAppError } from '../../domain/errors.js';
import type { PartRef } from '../../domain/post.js';
import type { Channel, ChannelDeps, ChannelHealth, ChannelState, InboundHandler, LookupRequest, LookupResult, PublishRequest } from '../channel.js';
import { toXError } from './x-errors.js';
import { fetchMentions } from './x-mentions.js';
import type { MentionCursor } from './x-mentions.js';
import type { XOptions } from './x-options.js';
import { nextPollDelayMs } from './x-poll-schedule.js';
import { xRequestPlugin } from './x-request-plugin.js';
import { openSession } from './x-session.js';
import type { XSession } from './x-session.js';
import { idGreater, replyText, sameText } from './x-text.js';

export { xOptionsSchema } from './x-options.js';
export type { XOptions } from './x-options.js';

/** The channel plus a hook for tests (and an admin "poll now") to run one mentions poll. */
export type XChannel = Channel & { pollNow(): Promise<void> };

/** Our account as cached in state ('account'), keyed by the credentials' fingerprint. */
interface CachedAccount {
  id: string;
  username: string;
  credentials: string;
}

const LOOKUP_PAGES = 3;
const AUTH_RETRY_MS = 15 * 60_000;

/**
 * X (Twitter) through twitter-api-v2: posts and thread replies with POST /2/tweets, mentions by
 * polling GET /2/users/:id/mentions, reconciliation by reading our own timeline since the attempt.
 */
export function createXChannel(name: string, options: XOptions, deps: ChannelDeps): XChannel {
  const log = deps.logger.child({ channel: name, kind: 'x' });
  // The library only speaks https unless handed an agent for the target protocol (a local fake).
  const agent = new URL(options.apiBase).protocol === 'http:' ? new http.Agent({ keepAlive: true }) : undefined;
  const settings: Partial<IClientSettings> = {
    plugins: [xRequestPlugin(options.apiBase, options.requestTimeoutSeconds * 1000)],
    ...(agent !== undefined ? { httpAgent: agent } : {}),
  };
  let health: ChannelHealth = { state: 'ok', since: deps.clock.now() };
  let sessionPromise: Promise<XSession> | undefined;
  let account: CachedAccount | undefined;
  let onInbound: InboundHandler | undefined;
  let timer: NodeJS.Timeout | undefined;
  let polling: Promise<void> | undefined;
  let closed = false;

  function setHealth(state: ChannelState, reason?: string): void {
    if (health.state === state && health.reason === reason) return;
    health = { state, ...(reason !== undefined ? { reason } : {}), since: deps.clock.now() };
    if (state !== 'ok') log.warn({ state, reason }, 'X channel health changed');
  }

  /** One session for the channel's life; a failed open (network at boot) is retried on next use. */
  function session(): Promise<XSession> {
    sessionPromise ??= openSession(options, deps, settings, (reason) => setHealth('disabled', reason)).catch((error: unknown) => {
      sessionPromise = undefined;
      throw error;
    });
    return sessionPromise;
  }

  /** Runs an API call and turns any failure into AppError, updating health on the way. */
  async function call<T>(write: boolean, fn: (client: TwitterApi) => Promise<T>): Promise<T> {
    try {
      const result = await (await session()).run(fn);
      // Any answer proves the credentials and the platform work again.
      if (health.state !== 'ok') setHealth('ok');
      return result;
    } catch (error) {
      const appError = toXError(error, write, deps.clock.now());
      if (appError.code === 'AUTH_FAILED') setHealth('disabled', appError.message);
      else if (appError.code === 'PLATFORM_UNAVAILABLE' || appError.code === 'NETWORK' || appError.code === 'TIMEOUT') setHealth('degraded', appError.message);
      throw appError;
    }
  }

  /** Our user id and handle, from state when the same credentials looked them up before. */
  async function me(): Promise<CachedAccount> {
    if (account !== undefined) return account;
    const { fingerprint } = await session();
    const cached = await deps.state.get<CachedAccount>('account');
    if (cached !== undefined && cached.credentials === fingerprint) {
      account = cached;
      return cached;
    }
    const result = await call(false, (client) => client.v2.me());
    account = { id: result.data.id, username: result.data.username, credentials: fingerprint };
    await deps.state.set('account', account);
    return account;
  }

  function urlOf(id: string): string {
    return account === undefined ? `https://x.com/i/web/status/${id}` : `https://x.com/${account.username}/status/${id}`;
  }

  async function pollOnce(): Promise<void> {
    if (onInbound === undefined) return;
    const handler = onInbound;
    const user = await me();
    const cursor = await readCursor();
    const batch = await call(false, (client) => fetchMentions(client, user.id, cursor, name, deps.clock.now()));
    let last = cursor.sinceId;
    for (const message of batch.messages) {
      if (last !== undefined && !idGreater(message.id, last)) continue;
      // A failing handler stops the batch: the cursor stays before it and the next poll retries.
      await handler(message);
      last = message.id;
      await deps.state.set<MentionCursor>('cursor', { sinceId: last });
    }
    scheduleNext(nextPollDelayMs(options.pollSeconds, batch.window, deps.clock.now()));
  }

  async function readCursor(): Promise<MentionCursor> {
    const stored = await deps.state.get<MentionCursor>('cursor');
    if (stored !== undefined) return stored;
    // First start ever: answer only what arrives from now on, never the account's history.
    const first: MentionCursor = { startTime: new Date(deps.clock.now()).toISOString() };
    await deps.state.set('cursor', first);
    return first;
  }

  function scheduleNext(delayMs: number): void {
    if (closed || options.pollSeconds <= 0) return;
    if (timer !== undefined) clearTimeout(timer);
    // Already logged and rescheduled inside runPoll; only pollNow callers see the rejection.
    timer = setTimeout(() => void runPoll().catch(() => undefined), delayMs);
    timer.unref();
  }

  /** Polls never overlap: a slow poll and a pollNow share one run. */
  function runPoll(): Promise<void> {
    polling ??= pollOnce()
      .catch((error: unknown) => {
        const appError = isAppError(error) ? error : toXError(error, false, deps.clock.now());
        log.warn({ code: appError.code, err: appError.message }, 'X mentions poll failed');
        // Bad credentials rarely heal by themselves: check back slowly, so a fixed app recovers
        // without a restart. Everything else waits its turn or the rate-limit reset.
        const floor = appError.code === 'AUTH_FAILED' ? Math.max(options.pollSeconds * 1000, AUTH_RETRY_MS) : options.pollSeconds * 1000;
        scheduleNext(Math.max(floor, (appError.retryAt ?? 0) - deps.clock.now()));
        throw appError;
      })
      .finally(() => {
        polling = undefined;
      });
    return polling;
  }

  return {
    name,
    kind: 'x',
    limits: { maxLength: options.maxLength, lengthRule: 'twitter', threads: true, maxThreadParts: options.maxThreadParts },
    health: () => health,

    async start(handler: InboundHandler): Promise<void> {
      closed = false;
      onInbound = handler;
      // Verifies the credentials once (or trusts the cached account id for the same credentials).
      await me();
      await readCursor();
      log.info({ account: account?.username, pollSeconds: options.pollSeconds }, 'X channel started');
      if (options.pollSeconds > 0) scheduleNext(0);
    },

    async close(): Promise<void> {
      closed = true;
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      await polling?.catch(() => undefined);
      agent?.destroy();
    },

    async publish(request: PublishRequest): Promise<PartRef> {
      // The thread chain wins over the citizen's message: later parts answer the previous part.
      const replyId = request.inReplyTo?.id ?? request.replyTo?.messageId;
      const payload: Partial<SendTweetV2Params> = replyId === undefined ? {} : { reply: { in_reply_to_tweet_id: replyId } };
      // Fill the account (for the URL) before the POST so a lookup failure cannot follow a sent post.
      // A refused login must stop the POST; any other failure here (users/me rate limit) must not.
      await me().catch((error: unknown) => {
        if (isAppError(error) && error.code === 'AUTH_FAILED') throw error;
      });
      // Only the first part of an answer is addressed; later parts chain under it.
      const text = request.inReplyTo === undefined && request.replyTo !== undefined ? replyText(request.text, request.replyTo.authorHandle) : request.text;
      const result = await call(true, (client) => client.v2.tweet(text, payload));
      return { id: result.data.id, url: urlOf(result.data.id) };
    },

    async lookup(request: LookupRequest): Promise<LookupResult> {
      try {
        const user = await me();
        const wantedParent = request.inReplyTo?.id ?? request.replyTo?.messageId;
        return await call(false, async (client) => {
          let page = await client.v2.userTimeline(user.id, {
            start_time: new Date(request.since).toISOString(),
            max_results: 100,
            'tweet.fields': ['created_at', 'referenced_tweets'],
          });
          for (let pages = 1; ; pages += 1) {
            const hits = page.tweets.filter((t) => sameText(request.text, t.text));
            // Same text can recur (the same answer to many residents): with an expected parent,
            // only a post under that parent counts; a same-text answer to someone else is not ours.
            const hit = wantedParent === undefined ? hits[0] : hits.find((t) => t.referenced_tweets?.some((r) => r.type === 'replied_to' && r.id === wantedParent));
            if (hit !== undefined) return { found: true as const, ref: { id: hit.id, url: urlOf(hit.id) } };
            if (page.done || pages >= LOOKUP_PAGES) return { found: false as const };
            page = await page.next();
          }
        });
      } catch (error) {
        const appError = isAppError(error) ? error : toXError(error, false, deps.clock.now());
        // A passing failure (429, 5xx, network) is thrown so the dispatcher asks again later;
        // only a definite "cannot read" becomes unknown, which parks the post for a human.
        if (appError.retryable) throw appError;
        return { found: 'unknown', reason: appError.message };
      }
    },

    pollNow: () => runPoll(),
  };
}
