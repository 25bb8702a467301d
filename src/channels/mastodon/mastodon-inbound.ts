import type { mastodon } from 'masto';
import type { InboundMessage } from '../../domain/inbound-message.js';
import type { MentionSource, PolledMention } from '../kit/mention-poller.js';
import { htmlToText } from './html-to-text.js';

const PAGE_SIZE = 40;
/** Bounds one poll after a long outage (400 mentions); older ones in the window are skipped and logged. */
const MAX_PAGES = 10;
const LEADING_MENTIONS = /^(?:\s*@[a-z0-9_][\w.-]*(?:@[\w.-]+)?)+\s*/iu;

/** Mastodon ids are decimal strings of growing length (snowflakes): compare them as numbers. */
export function compareIds(a: string, b: string): number {
  return a.length === b.length ? (a < b ? -1 : a > b ? 1 : 0) : a.length - b.length;
}

/** Mastodon ids carry their creation time in milliseconds above 16 bits of sequence. */
export function snowflakeTime(id: string): number | undefined {
  try {
    return Number(BigInt(id) >> 16n);
  } catch {
    return undefined;
  }
}

export interface MentionSourceDeps {
  client: mastodon.rest.Client;
  channel: string;
  ownAccountId: () => string | undefined;
  now: () => number;
  /** Platform calls go through the kit's guarded call (deadline, typed errors, health). */
  guard: <T>(what: string, fn: () => Promise<T>) => Promise<T>;
}

/**
 * Reads mention notifications newest first (max_id paging) back to `since`, the time the
 * instance created the notification. Paging backwards by time, not forwards from a saved id,
 * is what lets the kit poller re-read an overlapping window: a notification written late by a
 * background worker is still in the window on the next poll.
 */
export function mastodonMentionSource(deps: MentionSourceDeps): MentionSource {
  return async (since, delivered) => {
    const found: PolledMention[] = [];
    let maxId: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const cursor = maxId;
      const batch = await deps.guard('read mentions', async () => deps.client.v1.notifications.list({ types: ['mention'], limit: PAGE_SIZE, ...(cursor === undefined ? {} : { maxId: cursor }) }));
      let reachedStart = batch.length < PAGE_SIZE;
      for (const notification of batch) {
        const at = Date.parse(notification.createdAt);
        if (at < since) {
          reachedStart = true;
          continue;
        }
        if (notification.type !== 'mention' || notification.status.account.id === deps.ownAccountId()) continue;
        const status = notification.status;
        // Already handed over: no need to ask for its thread again.
        const threadId = delivered(status.id) ? status.id : await threadRoot(deps, status);
        found.push({ message: toInboundMessage(status, deps.channel, threadId, deps.now()), at });
      }
      if (reachedStart) return { mentions: found };
      maxId = [...batch].sort((a, b) => compareIds(a.id, b.id))[0]?.id;
    }
    return { mentions: found, truncated: true };
  };
}

/**
 * The REST API exposes no conversation id, so the thread is named after its first status:
 * replies deep in one conversation then share the per-thread reply cap.
 */
async function threadRoot(deps: MentionSourceDeps, status: mastodon.v1.Status): Promise<string> {
  if (status.inReplyToId === undefined || status.inReplyToId === null) return status.id;
  try {
    const context = await deps.guard('read thread', () => deps.client.v1.statuses.$select(status.id).context.fetch());
    return context.ancestors[0]?.id ?? status.inReplyToId;
  } catch {
    // Not worth failing the message over: the parent still groups a back-and-forth.
    return status.inReplyToId;
  }
}

export function toInboundMessage(status: mastodon.v1.Status, channel: string, threadId: string, receivedAt: number): InboundMessage {
  const acct = status.account.acct;
  const privateish = status.visibility === 'direct' || status.visibility === 'private';
  return {
    id: status.id,
    channel,
    author: { id: status.account.id, handle: acct, isBot: status.account.bot },
    // Our own handle (and any co-mentioned accounts) lead the text; the question follows.
    text: htmlToText(status.content).replace(LEADING_MENTIONS, ''),
    threadId,
    isDirect: status.visibility === 'direct',
    createdAt: Date.parse(status.createdAt),
    receivedAt,
    // A reply to a private question must not be public: the visibility travels with the target.
    replyTarget: { messageId: status.id, authorHandle: acct, extra: { visibility: privateish ? 'direct' : status.visibility } },
  };
}
