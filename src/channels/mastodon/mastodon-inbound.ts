import type { mastodon } from 'masto';
import type { InboundMessage } from '../../domain/inbound-message.js';
import type { ChannelStateStore, InboundHandler } from '../channel.js';
import { htmlToText } from './html-to-text.js';

const PAGE_SIZE = 40;
/** Bounds one poll after a long outage; the rest is read on the next tick. */
const MAX_PAGES = 10;
const CURSOR_KEY = 'cursor';
const LEADING_MENTIONS = /^(?:\s*@[a-z0-9_][\w.-]*(?:@[\w.-]+)?)+\s*/iu;

/** Mastodon ids are decimal strings of growing length (snowflakes): compare them as numbers. */
export function compareIds(a: string, b: string): number {
  return a.length === b.length ? (a < b ? -1 : a > b ? 1 : 0) : a.length - b.length;
}

export interface MentionPollerDeps {
  client: mastodon.rest.Client;
  state: ChannelStateStore;
  channel: string;
  ownAccountId: string;
  now: () => number;
  /** Used when there is no saved cursor yet: older mentions are left unanswered. */
  firstRunBacklogMs: number;
  onInbound: InboundHandler;
}

/**
 * Reads mention notifications oldest first from the saved cursor. The cursor moves after each
 * handler returned, so a crash re-reads at most the message in hand and a restart (or a second
 * instance sharing the state) does not answer old mentions again.
 */
export function createMentionPoller(deps: MentionPollerDeps): () => Promise<void> {
  return async () => {
    let cursor = await deps.state.get<string>(CURSOR_KEY);
    const firstRun = cursor === undefined;
    if (firstRun) {
      // No cursor yet (first start, or nothing has ever mentioned us): page back through the
      // backlog window, so a burst that arrives before the first saved cursor is not cut to one page.
      await handleOrdered(await backlog(deps), deps, true);
      return;
    }
    for (let page = 0; page < MAX_PAGES; page++) {
      // min_id (not since_id) pages forward from the cursor without gaps after a long outage.
      const batch = await deps.client.v1.notifications.list({ types: ['mention'], limit: PAGE_SIZE, ...(cursor === undefined ? {} : { minId: cursor }) });
      const ordered = [...batch].sort((a, b) => compareIds(a.id, b.id));
      for (const notification of ordered) {
        if (cursor !== undefined && compareIds(notification.id, cursor) <= 0) continue;
        const message = await toInboundOrSkip(notification, deps, firstRun);
        if (message !== undefined) await deps.onInbound(message);
        cursor = notification.id;
        await deps.state.set(CURSOR_KEY, cursor);
      }
      // Without a cursor the newest page is all we want; a short page means we caught up.
      if (firstRun || batch.length < PAGE_SIZE) return;
    }
  };
}

/** The mentions of the first-run window, newest pages first, up to MAX_PAGES pages. */
async function backlog(deps: MentionPollerDeps): Promise<mastodon.v1.Notification[]> {
  const all: mastodon.v1.Notification[] = [];
  let maxId: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const batch = await deps.client.v1.notifications.list({ types: ['mention'], limit: PAGE_SIZE, ...(maxId === undefined ? {} : { maxId }) });
    all.push(...batch);
    const oldest = [...batch].sort((a, b) => compareIds(a.id, b.id))[0];
    if (oldest === undefined || batch.length < PAGE_SIZE || Date.parse(oldest.createdAt) < deps.now() - deps.firstRunBacklogMs) break;
    maxId = oldest.id;
  }
  return all;
}

async function handleOrdered(batch: mastodon.v1.Notification[], deps: MentionPollerDeps, firstRun: boolean): Promise<void> {
  const seen = new Set<string>();
  for (const notification of [...batch].sort((a, b) => compareIds(a.id, b.id))) {
    if (seen.has(notification.id)) continue;
    seen.add(notification.id);
    const message = await toInboundOrSkip(notification, deps, firstRun);
    if (message !== undefined) await deps.onInbound(message);
    await deps.state.set(CURSOR_KEY, notification.id);
  }
}

async function toInboundOrSkip(notification: mastodon.v1.Notification, deps: MentionPollerDeps, firstRun: boolean): Promise<InboundMessage | undefined> {
  if (notification.type !== 'mention') return undefined;
  const status = notification.status;
  if (status.account.id === deps.ownAccountId) return undefined;
  const createdAt = Date.parse(status.createdAt);
  if (firstRun && createdAt < deps.now() - deps.firstRunBacklogMs) return undefined;
  return toInboundMessage(status, deps.channel, await threadRoot(deps.client, status), deps.now());
}

/**
 * The REST API exposes no conversation id, so the thread is named after its first status:
 * replies deep in one conversation then share the per-thread reply cap.
 */
async function threadRoot(client: mastodon.rest.Client, status: mastodon.v1.Status): Promise<string> {
  if (status.inReplyToId === undefined || status.inReplyToId === null) return status.id;
  try {
    const context = await client.v1.statuses.$select(status.id).context.fetch();
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
