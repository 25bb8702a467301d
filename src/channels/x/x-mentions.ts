import type { TweetV2, TwitterApi, UserV2 } from 'twitter-api-v2';
import type { InboundMessage } from '../../domain/inbound-message.js';
import type { WindowInfo } from './x-poll-schedule.js';
import { idGreater } from './x-text.js';

/** Where the last poll stopped: a since_id once any mention was seen, before that the first start time. */
export interface MentionCursor {
  sinceId?: string;
  /** ISO time; only used until the first mention arrives, so old mentions are never answered. */
  startTime?: string;
}

export interface MentionBatch {
  /** Oldest first, so the cursor can advance message by message. */
  messages: InboundMessage[];
  window: WindowInfo | undefined;
}

/** Pages read per poll (newest first, 100 each): a backlog beyond 500 mentions is skipped, not replayed. */
const MAX_PAGES = 5;

export async function fetchMentions(client: TwitterApi, userId: string, cursor: MentionCursor, channel: string, now: number): Promise<MentionBatch> {
  let page = await client.v2.userMentionTimeline(userId, {
    ...(cursor.sinceId !== undefined ? { since_id: cursor.sinceId } : cursor.startTime !== undefined ? { start_time: cursor.startTime } : {}),
    max_results: 100,
    expansions: ['author_id'],
    'tweet.fields': ['created_at', 'conversation_id', 'author_id'],
    'user.fields': ['username'],
  });
  const found: InboundMessage[] = [];
  let window = windowOf(page.rateLimit);
  for (let pages = 1; ; pages += 1) {
    for (const tweet of page.tweets) {
      const author = page.includes.author(tweet);
      // Our own posts can mention us (quoting, thread replies); answering them would loop.
      if (tweet.author_id === userId) continue;
      found.push(toInbound(tweet, author, channel, now));
    }
    if (page.done || pages >= MAX_PAGES) break;
    page = await page.next();
    window = windowOf(page.rateLimit) ?? window;
  }
  found.sort((a, b) => (idGreater(a.id, b.id) ? 1 : idGreater(b.id, a.id) ? -1 : 0));
  return { messages: found, window };
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
