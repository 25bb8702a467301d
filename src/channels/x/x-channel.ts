import http from 'node:http';
import type { IClientSettings, MediaStatusV1Result, SendTweetV2Params, TwitterApi } from 'twitter-api-v2';
import { attachCard, PostCards } from '../../cards/post-cards.js';
import { isAppError } from '../../domain/errors.js';
import type { PartRef } from '../../domain/post.js';
import type { Channel, ChannelDeps, ChannelLimits, InboundHandler, LookupRequest, LookupResult, PublishRequest } from '../channel.js';
import { withOverrides } from '../kit/channel-capabilities.js';
import { createGuardedCall, guardedLookup } from '../kit/guarded-call.js';
import { HealthTracker } from '../kit/health-tracker.js';
import { MentionPoller } from '../kit/mention-poller.js';
import type { CallKind } from '../kit/platform-failure.js';
import { SelfHealingStart } from '../kit/self-healing-start.js';
import { X_CAPABILITIES } from './x-capabilities.js';
import { describeXError } from './x-errors.js';
import { fetchMentions, snowflakeTime } from './x-mentions.js';
import { X_DEFAULT_API_BASE, X_DEFAULT_UPLOAD_BASE, type XOptions } from './x-options.js';
import { nextPollDelayMs } from './x-poll-schedule.js';
import { xRequestPlugin } from './x-request-plugin.js';
import { checkSecrets, openSession } from './x-session.js';
import type { XSession } from './x-session.js';
import { sameText, replyText } from './x-text.js';

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

const LOOKUP_PAGES = 10;
/** X caps alt text at 1,000 characters. */
const ALT_TEXT_MAX = 1000;

/**
 * X (Twitter) through twitter-api-v2: posts and thread replies with POST /2/tweets, mentions by
 * polling GET /2/users/:id/mentions (kit poller, overlapping window), reconciliation by reading
 * our own timeline since the attempt. Health, the guarded call and start-up retries come from
 * the channel kit.
 */
export function createXChannel(name: string, options: XOptions, deps: ChannelDeps): XChannel {
  const log = deps.logger.child({ channel: name, kind: 'x' });
  // The library only speaks https unless handed an agent for the target protocol (a local fake).
  const agent = new URL(options.apiBase).protocol === 'http:' ? new http.Agent({ keepAlive: true }) : undefined;
  const settings: Partial<IClientSettings> = {
    plugins: [xRequestPlugin(options.apiBase, options.requestTimeoutSeconds * 1000, options.uploadBase ?? (new URL(options.apiBase).origin === X_DEFAULT_API_BASE ? X_DEFAULT_UPLOAD_BASE : options.apiBase))],
    ...(agent !== undefined ? { httpAgent: agent } : {}),
  };
  const limits: ChannelLimits = { ...X_CAPABILITIES.limits, maxLength: options.maxLength, maxThreadParts: options.maxThreadParts };
  const capabilities = withOverrides(X_CAPABILITIES, limits, options);
  const health = new HealthTracker(deps.clock, log);
  const guard = createGuardedCall({
    platform: 'X',
    health,
    logger: log,
    clock: deps.clock,
    describe: (error) => describeXError(error, deps.clock.now()),
    // The library's own timeout fires first; this only catches a call that hangs anyway.
    timeoutMs: options.requestTimeoutSeconds * 1000 + 5_000,
  });
  let sessionPromise: Promise<XSession> | undefined;
  let account: CachedAccount | undefined;
  let poller: MentionPoller | undefined;
  const cards = options.card === undefined ? undefined : new PostCards(options.card, log);

  /** One session for the channel's life; a failed open (network at boot) is retried on next use. */
  function session(): Promise<XSession> {
    sessionPromise ??= openSession(options, deps, settings, (reason) => health.set('disabled', reason)).catch((error: unknown) => {
      sessionPromise = undefined;
      throw error;
    });
    return sessionPromise;
  }

  function call<T>(kind: CallKind, what: string, fn: (client: TwitterApi) => Promise<T>): Promise<T> {
    return guard(kind, what, async () => (await session()).run(fn));
  }

  /** Our user id and handle, from state when the same credentials looked them up before. */
  async function me(): Promise<CachedAccount> {
    if (account !== undefined) return account;
    const { fingerprint } = await guard('read', 'open session', session);
    const cached = await deps.state.get<CachedAccount>('account');
    if (cached !== undefined && cached.credentials === fingerprint) {
      account = cached;
      return cached;
    }
    const result = await call('read', 'verify credentials', (client) => client.v2.me());
    account = { id: result.data.id, username: result.data.username, credentials: fingerprint };
    await deps.state.set('account', account);
    return account;
  }

  function urlOf(id: string): string {
    return account === undefined ? `https://x.com/i/web/status/${id}` : `https://x.com/${account.username}/status/${id}`;
  }

  function makePoller(onInbound: InboundHandler): MentionPoller {
    return new MentionPoller({
      deps,
      logger: log,
      onInbound,
      intervalMs: options.pollSeconds * 1000,
      overlapMs: capabilities.mentionOverlapMs,
      // Never the account's history: only what arrives from the first start on.
      firstRunBacklogMs: 0,
      legacyCursor: (saved) => {
        const old = saved as { sinceId?: string; startTime?: string } | undefined;
        if (old?.sinceId !== undefined) return snowflakeTime(old.sinceId);
        return old?.startTime === undefined ? undefined : Date.parse(old.startTime);
      },
      source: async (since) => {
        const user = await me();
        const batch = await call('read', 'read mentions', (client) => fetchMentions(client, user.id, since, name, deps.clock.now()));
        const now = deps.clock.now();
        // Poll spacing follows the rate-limit headers: the calls left are spread to the reset.
        return { mentions: batch.messages.map((message) => ({ message, at: message.createdAt })), truncated: batch.truncated, notBefore: now + nextPollDelayMs(options.pollSeconds, batch.window, now) };
      },
    });
  }

  let starter: SelfHealingStart | undefined;

  return {
    name,
    kind: 'x',
    limits,
    capabilities,
    health: () => health.get(),

    async start(handler: InboundHandler): Promise<void> {
      await poller?.close();
      // Built even when not polling on a timer, so an admin "poll now" still works.
      const reading = (poller = makePoller(handler));
      starter = new SelfHealingStart({
        health,
        logger: log,
        clock: deps.clock,
        retry: options,
        check: () => checkSecrets(options, deps),
        connect: async () => {
          // Where reading starts is fixed before any platform call: mentions that arrive while
          // X refuses us are read once we are up.
          await reading.init();
          // Verifies the credentials once (or trusts the cached account id for the same credentials).
          await me();
        },
        onUp: () => {
          log.info({ account: account?.username, pollSeconds: options.pollSeconds }, 'X channel started');
          if (options.pollSeconds > 0) reading.start();
        },
      });
      await starter.start();
    },

    async close(): Promise<void> {
      starter?.close();
      await starter?.settled();
      await poller?.close();
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
      const text = request.inReplyTo === undefined && request.replyTo !== undefined ? replyText(request.text, request.replyTo.authorHandle, limits.maxLength) : request.text;
      // The card is uploaded and described first; an unused upload expires on its own.
      const mediaId = await attachCard(
        cards,
        request,
        ALT_TEXT_MAX,
        async (card) => {
          // One simple upload (an image is well under its 5 MB): the library's chunked upload leaves
          // a rejected APPEND unhandled, which would stop the process.
          const uploaded = await call('read', 'upload card', (client) => client.v1.post<MediaStatusV1Result>('media/upload.json', { media_data: card.png.toString('base64'), media_category: 'tweet_image' }, { prefix: `${X_DEFAULT_UPLOAD_BASE}/1.1/` }));
          const id = uploaded.media_id_string;
          await call('read', 'describe card', (client) => client.v1.createMediaMetadata(id, { alt_text: { text: card.alt } }));
          return id;
        },
        log,
      );
      if (mediaId !== undefined) payload.media = { media_ids: [mediaId] };
      const result = await call('write', 'post', (client) => client.v2.tweet(text, payload));
      return { id: result.data.id, url: urlOf(result.data.id) };
    },

    lookup: (request: LookupRequest): Promise<LookupResult> =>
      guardedLookup(async () => {
        const user = await me();
        const wantedParent = request.inReplyTo?.id ?? request.replyTo?.messageId;
        return call('read', 'read own timeline', async (client) => {
          let page = await client.v2.userTimeline(user.id, {
            start_time: new Date(Math.floor(request.since / 1000) * 1000).toISOString(),
            max_results: 100,
            'tweet.fields': ['created_at', 'referenced_tweets'],
          });
          for (let pages = 1; ; pages += 1) {
            const hits = page.tweets.filter((t) => sameText(request.text, t.text));
            // Same text can recur (the same answer to many residents): with an expected parent,
            // only a post under that parent counts; a same-text answer to someone else is not ours.
            const hit = wantedParent === undefined ? hits[0] : hits.find((t) => t.referenced_tweets?.some((r) => r.type === 'replied_to' && r.id === wantedParent));
            if (hit !== undefined) return { found: true as const, ref: { id: hit.id, url: urlOf(hit.id) } };
            if (page.done) return { found: false as const };
            // More of our own posts since the attempt than we read: absence is not proven.
            if (pages >= LOOKUP_PAGES) return { found: 'unknown' as const, reason: `more than ${LOOKUP_PAGES * 100} posts since the attempt` };
            page = await page.next();
          }
        });
      }),

    pollNow: async () => {
      if (poller === undefined) return;
      await poller.pollNow();
    },
  };
}
