import type { InboundMessage } from '../../domain/inbound-message.js';
import type { PolledMention } from '../kit/mention-poller.js';
import type { GraphApi } from '../graph/graph-api.js';
import { graphTime } from '../graph/graph-time.js';

interface FeedPage {
  data: { id: string; created_time?: string; updated_time?: string }[];
  paging?: { next?: string };
}

export interface GraphComment {
  id: string;
  message?: string;
  created_time?: string;
  from?: { id: string; name?: string };
  parent?: { id: string };
}

interface CommentPage {
  data: GraphComment[];
  paging?: { next?: string };
}

const FEED_PAGES = 4;
const COMMENT_PAGES = 10;
export const COMMENT_FIELDS = 'id,message,created_time,from{id,name},parent{id}';

/**
 * Comments on the page's recent posts, newest first per post. Only posts updated since `since`
 * are read (a new comment moves a post's `updated_time`), so a quiet page costs one call.
 */
export async function readPageComments(api: GraphApi, input: { pageId: string; channel: string; since: number; windowStart: number; now: number }): Promise<PolledMention[]> {
  const posts: FeedPage['data'] = [];
  let next: string | undefined = `${input.pageId}/feed`;
  let params: Record<string, string | number> = { fields: 'id,created_time,updated_time', since: Math.floor(input.windowStart / 1000), limit: 25 };
  for (let page = 0; page < FEED_PAGES && next !== undefined; page++) {
    const feed: FeedPage = await api.get<FeedPage>('read page posts', next, params);
    posts.push(...feed.data);
    next = feed.paging?.next;
    params = {};
  }
  const found: PolledMention[] = [];
  for (const post of posts.filter((p) => graphTime(p.updated_time ?? p.created_time) >= input.since)) {
    let after: string | undefined = `${post.id}/comments`;
    let query: Record<string, string | number> = { fields: COMMENT_FIELDS, filter: 'stream', order: 'reverse_chronological', limit: 50 };
    for (let page = 0; page < COMMENT_PAGES && after !== undefined; page++) {
      const comments: CommentPage = await api.get<CommentPage>('read comments', after, query);
      let older = false;
      for (const c of comments.data) {
        const at = graphTime(c.created_time);
        if (at < input.since) older = true;
        else if (c.from?.id !== input.pageId) found.push({ message: commentMessage({ id: c.id, postId: post.id, parentId: c.parent?.id, from: c.from, message: c.message, createdAt: at }, input.channel, input.now), at });
      }
      after = older ? undefined : comments.paging?.next;
      query = {};
    }
  }
  return found;
}

/** A resident's comment, as both the poller and the webhook read it. */
export interface PageComment {
  id: string;
  postId: string;
  /** The comment this one answers; absent (or the post id) for a top-level comment. */
  parentId: string | undefined;
  from: { id: string; name?: string | undefined } | undefined;
  message: string | undefined;
  createdAt: number;
}

/** The inbound message for a comment: the same id and target however it was read. */
export function commentMessage(c: PageComment, channel: string, now: number): InboundMessage {
  // Facebook keeps one level of replies: an answer to a reply goes under its top-level comment.
  const thread = c.parentId === undefined || c.parentId === c.postId ? c.id : c.parentId;
  const author = c.from ?? { id: `unknown:${c.id}`, name: 'someone' };
  const handle = author.name ?? author.id;
  return {
    id: c.id,
    channel,
    author: { id: author.id, handle },
    text: c.message ?? '',
    threadId: thread,
    isDirect: false,
    createdAt: c.createdAt,
    receivedAt: now,
    replyTarget: { messageId: c.id, authorHandle: handle, extra: { postId: c.postId, threadCommentId: thread } },
  };
}
