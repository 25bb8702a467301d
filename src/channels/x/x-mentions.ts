import type { TweetV2, TwitterApi, UserV2 } from 'twitter-api-v2';
import type { InboundMessage } from '../../domain/inbound-message.js';
import type { WindowInfo } from './x-poll-schedule.js';
import { idGreater } from './x-text.js';

export interface MentionBatch {
  /** Every mention read, oldest first. */
  messages: InboundMessage[];
  window: WindowInfo | undefined;
  /** The page cap was reached before the start of the window. */
  truncated: boolean;
}

/**
 * Pages read per poll (newest first, 100 each). X serves at most the newest 800 mentions through
 * pagination anyway; past that the oldest part of a backlog is skipped (and logged).
 */
const MAX_PAGES = 8;

/** Tweet ids are snowflakes: the top bits are milliseconds since X's epoch. */
const X_EPOCH_MS = 1_288_834_974_657n;

export function snowflakeTime(id: string): number | undefined {
  try {
    return Number((BigInt(id) >> 22n) + X_EPOCH_MS);
  } catch {
    return undefined;
  }
}

/**
 * Reads every mention created at or after `since` (epoch ms). X's `start_time` has second
 * granularity and is inclusive, so the second is rounded down: the poller dedupes repeats.
 */
export async function fetchMentions(client: TwitterApi, userId: string, since: number, channel: string, now: number): Promise<MentionBatch> {
  const startTime = new Date(Math.floor(Math.max(0, since) / 1000) * 1000).toISOString();
  let page = await client.v2.userMentionTimeline(userId, {
    start_time: startTime,
    max_results: 100,
    expansions: ['author_id'],
    'tweet.fields': ['created_at', 'conversation_id', 'author_id'],
    'user.fields': ['username'],
  });
  const found: InboundMessage[] = [];
  let window = windowOf(page.rateLimit);
  let truncated = false;
  for (let pages = 1; ; pages += 1) {
    for (const tweet of page.tweets) {
      const author = page.includes.author(tweet);
      // Our own posts can mention us (quoting, thread replies); answering them would loop.
      if (tweet.author_id === userId) continue;
      found.push(toInbound(tweet, author, channel, now));
    }
    if (page.done) break;
    if (pages >= MAX_PAGES) {
      truncated = true;
      break;
    }
    page = await page.next();
    window = windowOf(page.rateLimit) ?? window;
  }
  found.sort((a, b) => (idGreater(a.id, b.id) ? 1 : idGreater(b.id, a.id) ? -1 : 0));
  return { messages: found, window, truncated };
}

function toInbound(tweet: TweetV2, author: UserV2 | undefined, channel: string, now: number): InboundMessage {
  const handle = author?.username ?? tweet.author_id ?? 'unknown';
  const created = tweet.created_at === undefined ? Number.NaN : Date.parse(tweet.created_at);
  return {
    id: tweet.id,
    channel,
    author: { id: tweet.author_id ?? author?.id ?? 'unknown', handle },
    text: unescapeEntities(tweet.text),
    ...(tweet.conversation_id !== undefined ? { threadId: tweet.conversation_id } : {}),
    isDirect: false,
    createdAt: Number.isFinite(created) ? created : now,
    receivedAt: now,
    replyTarget: { messageId: tweet.id, authorHandle: handle },
  };
}

/** X escapes these three in tweet text; the reply pipeline wants the plain text. */
function unescapeEntities(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

function windowOf(rateLimit: { remaining?: number; reset?: number } | undefined): WindowInfo | undefined {
  // The paginator returns a copy of an absent header set as an empty object.
  if (rateLimit?.remaining === undefined || rateLimit.reset === undefined) return undefined;
  return { remaining: rateLimit.remaining, reset: rateLimit.reset };
}
