import type { InboundMessage } from '../../domain/inbound-message.js';
import type { PolledMention } from '../kit/mention-poller.js';
import type { GraphApi } from '../graph/graph-api.js';
import { graphTime } from '../graph/graph-time.js';

export interface IgComment {
  id: string;
  text?: string;
  timestamp?: string;
  username?: string;
  from?: { id: string; username?: string };
  replies?: { data: IgComment[] };
}

interface MediaPage {
  data: { id: string; timestamp?: string; comments_count?: number }[];
  paging?: { next?: string };
}

export const IG_COMMENT_FIELDS = 'id,text,timestamp,username,from{id,username}';
const MEDIA_PAGES = 2;
const COMMENT_PAGES = 5;

/** Comments and their replies on the account's recent media, skipping the account's own. */
export async function readMediaComments(api: GraphApi, input: { igUserId: string; channel: string; since: number; windowStart: number; now: number }): Promise<PolledMention[]> {
  const media: MediaPage['data'] = [];
  let next: string | undefined = `${input.igUserId}/media`;
  let params: Record<string, string | number> = { fields: 'id,timestamp,comments_count', limit: 25 };
  for (let page = 0; page < MEDIA_PAGES && next !== undefined; page++) {
    const batch: MediaPage = await api.get<MediaPage>('read media', next, params);
    media.push(...batch.data.filter((m) => graphTime(m.timestamp) >= input.windowStart));
    next = batch.data.some((m) => graphTime(m.timestamp) < input.windowStart) ? undefined : batch.paging?.next;
    params = {};
  }
  const found: PolledMention[] = [];
  for (const item of media.filter((m) => (m.comments_count ?? 1) > 0)) {
    let after: string | undefined = `${item.id}/comments`;
    let query: Record<string, string | number> = { fields: `${IG_COMMENT_FIELDS},replies{${IG_COMMENT_FIELDS}}`, limit: 50 };
    for (let page = 0; page < COMMENT_PAGES && after !== undefined; page++) {
      const batch: { data: IgComment[]; paging?: { next?: string } } = await api.get('read comments', after, query);
      for (const top of batch.data) {
        for (const c of [top, ...(top.replies?.data ?? [])]) {
          const at = graphTime(c.timestamp);
          if (at >= input.since && c.from?.id !== input.igUserId) found.push({ message: toInbound(c, top.id, item.id, input.channel, input.now), at });
        }
      }
      after = batch.paging?.next;
      query = {};
    }
  }
  return found;
}

function toInbound(c: IgComment, threadId: string, mediaId: string, channel: string, now: number): InboundMessage {
  const handle = c.from?.username ?? c.username ?? 'someone';
  return {
    id: c.id,
    channel,
    author: { id: c.from?.id ?? `unknown:${c.id}`, handle },
    text: c.text ?? '',
    threadId,
    isDirect: false,
    createdAt: graphTime(c.timestamp),
    receivedAt: now,
    // Replies nest one level: an answer to a reply is posted under its top-level comment.
    replyTarget: { messageId: c.id, authorHandle: handle, extra: { mediaId, threadCommentId: threadId } },
  };
}
