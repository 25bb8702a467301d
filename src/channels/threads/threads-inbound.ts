import type { InboundMessage } from '../../domain/inbound-message.js';
import type { PolledMention } from '../kit/mention-poller.js';
import type { GraphApi } from '../graph/graph-api.js';
import { graphTime } from '../graph/graph-time.js';

export interface ThreadsPost {
  id: string;
  text?: string;
  username?: string;
  timestamp?: string;
  permalink?: string;
  is_reply?: boolean;
  replied_to?: { id: string };
  root_post?: { id: string };
}

interface Page {
  data: ThreadsPost[];
  paging?: { next?: string };
}

export const THREADS_FIELDS = 'id,text,username,timestamp,permalink,is_reply,replied_to,root_post';
const PAGES = 5;

/** Pages through a Threads list endpoint until it passes `since` (lists are newest first). */
export async function listSince(api: GraphApi, what: string, path: string, since: number, extra: Record<string, string | number> = {}): Promise<ThreadsPost[]> {
  const all: ThreadsPost[] = [];
  let next: string | undefined = path;
  let params: Record<string, string | number> = { fields: THREADS_FIELDS, limit: 50, ...extra };
  for (let page = 0; page < PAGES && next !== undefined; page++) {
    const batch: Page = await api.get<Page>(what, next, params);
    all.push(...batch.data.filter((p) => graphTime(p.timestamp) >= since));
    next = batch.data.some((p) => graphTime(p.timestamp) < since) ? undefined : batch.paging?.next;
    params = {};
  }
  return all;
}

/** Replies anywhere under the profile's recent posts, and (optionally) posts mentioning it. */
export async function readRepliesAndMentions(api: GraphApi, input: { userId: string; username: string; channel: string; since: number; windowStart: number; mentions: boolean; now: number }): Promise<PolledMention[]> {
  const found = new Map<string, PolledMention>();
  const keep = (p: ThreadsPost) => {
    if (p.username === input.username || graphTime(p.timestamp) < input.since) return;
    found.set(p.id, { message: toInbound(p, input.channel, input.now), at: graphTime(p.timestamp) });
  };
  const posts = await listSince(api, 'read own posts', `${input.userId}/threads`, input.windowStart, { since: Math.floor(input.windowStart / 1000) });
  for (const post of posts) for (const reply of await listSince(api, 'read conversation', `${post.id}/conversation`, input.since, { reverse: 'true' })) keep(reply);
  if (input.mentions) for (const mention of await listSince(api, 'read mentions', `${input.userId}/mentions`, input.since, { since: Math.floor(input.since / 1000) })) keep(mention);
  return [...found.values()];
}

function toInbound(p: ThreadsPost, channel: string, now: number): InboundMessage {
  const handle = p.username ?? 'someone';
  return {
    id: p.id,
    channel,
    // Threads shows other profiles by username only; it is stable enough for cooldowns.
    author: { id: handle, handle },
    text: (p.text ?? '').replace(/^(?:\s*@[\w.]+)+\s*/u, ''),
    threadId: p.root_post?.id ?? p.id,
    isDirect: false,
    createdAt: graphTime(p.timestamp),
    receivedAt: now,
    replyTarget: { messageId: p.id, authorHandle: handle },
  };
}
