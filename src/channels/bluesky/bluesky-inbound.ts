import type { AppBskyNotificationListNotifications, AtpAgent } from '@atproto/api';
import type { InboundMessage } from '../../domain/inbound-message.js';
import type { ChannelStateStore, InboundHandler } from '../channel.js';
import { replyRootOf } from './bluesky-threading.js';

type Notification = AppBskyNotificationListNotifications.Notification;

/**
 * High-water mark of delivered notifications. listNotifications pages from newest to oldest and
 * its cursor only walks backwards, so "what is new" is tracked by indexedAt; the uris delivered
 * at exactly that instant are kept so two notifications sharing a timestamp are not lost.
 */
export interface NotificationCursor {
  indexedAt: string;
  uris: string[];
}

export interface NotificationPollerOptions {
  channel: string;
  agent: AtpAgent;
  state: ChannelStateStore;
  now: () => number;
  /** Our own did: our own posts never come back as citizen messages. */
  selfDid: () => string | undefined;
  /** Wraps platform calls only, so a failing handler is not mistaken for a platform failure. */
  guard: <T>(what: string, fn: () => Promise<T>) => Promise<T>;
}

const REASONS = ['mention', 'reply'];
const PAGE_SIZE = 50;
/** Bounds catching up after a long outage; older notifications are skipped rather than flood the pipeline. */
const MAX_PAGES = 5;
const FIRST_RUN_BACKLOG_MS = 60 * 60_000;
const INDEXING_LAG_MS = 5_000;

/** Reads mentions and replies since the saved cursor and hands them over oldest first. */
export class NotificationPoller {
  constructor(private readonly options: NotificationPollerOptions) {}

  async poll(onInbound: InboundHandler): Promise<number> {
    const started = this.options.now();
    const saved = (await this.options.state.get<NotificationCursor>('cursor')) ?? undefined;
    // First start: answer the last hour at most (older mentions are not worth answering), across
    // as many pages as a burst needs, instead of one page.
    let cursor = saved ?? { indexedAt: new Date(started - FIRST_RUN_BACKLOG_MS).toISOString(), uris: [] };
    const fresh = await this.fetchNew(cursor);
    let delivered = 0;
    for (const notification of fresh) {
      const message = this.toMessage(notification);
      if (message) {
        await onInbound(message);
        delivered++;
      }
      // Saved only after the handler returned: a crash mid-handler re-delivers, and the reply
      // pipeline dedupes on message id, which is cheaper than losing a citizen's question.
      cursor = advance(cursor, notification);
      await this.options.state.set('cursor', cursor);
    }
    // A quiet first poll still saves where it looked (a little before, for indexing lag: repeats
    // are deduplicated by the reply pipeline), so later polls page forward from here.
    if (saved === undefined && fresh.length === 0) await this.options.state.set('cursor', { indexedAt: new Date(started - INDEXING_LAG_MS).toISOString(), uris: [] });
    return delivered;
  }

  private async fetchNew(cursor: NotificationCursor): Promise<Notification[]> {
    const fresh: Notification[] = [];
    let page: string | undefined;
    for (let i = 0; i < MAX_PAGES; i++) {
      const pageCursor = page;
      const res = await this.options.guard('listNotifications', () =>
        this.options.agent.listNotifications({
          reasons: REASONS,
          limit: PAGE_SIZE,
          ...(pageCursor === undefined ? {} : { cursor: pageCursor }),
        }),
      );
      const items = res.data.notifications;
      const newer = items.filter((n) => isNewer(n, cursor));
      fresh.push(...newer);
      page = res.data.cursor;
      if (newer.length < items.length || page === undefined || items.length === 0) break;
    }
    return fresh.sort(byIndexedAt);
  }

  private toMessage(n: Notification): InboundMessage | undefined {
    if (!REASONS.includes(n.reason)) return undefined;
    if (n.author.did === this.options.selfDid()) return undefined;
    const record = n.record as { text?: unknown; createdAt?: unknown };
    const text = typeof record.text === 'string' ? record.text : '';
    const root = replyRootOf(n.record) ?? { uri: n.uri, cid: n.cid };
    const written = typeof record.createdAt === 'string' ? Date.parse(record.createdAt) : Number.NaN;
    const isBot = n.author.labels?.some((l) => l.val === 'bot') === true;
    return {
      id: n.uri,
      channel: this.options.channel,
      author: { id: n.author.did, handle: n.author.handle, ...(isBot ? { isBot } : {}) },
      text,
      threadId: root.uri,
      isDirect: false,
      createdAt: Number.isFinite(written) ? written : Date.parse(n.indexedAt),
      receivedAt: this.options.now(),
      replyTarget: {
        messageId: n.uri,
        authorHandle: n.author.handle,
        extra: { parentCid: n.cid, rootUri: root.uri, rootCid: root.cid, authorDid: n.author.did },
      },
    };
  }
}

function isNewer(n: Notification, cursor: NotificationCursor | undefined): boolean {
  if (cursor === undefined) return true;
  const at = Date.parse(n.indexedAt);
  const mark = Date.parse(cursor.indexedAt);
  return at > mark || (at === mark && !cursor.uris.includes(n.uri));
}

function advance(cursor: NotificationCursor | undefined, n: Notification): NotificationCursor {
  if (cursor !== undefined && Date.parse(cursor.indexedAt) === Date.parse(n.indexedAt)) {
    return { indexedAt: cursor.indexedAt, uris: [...cursor.uris, n.uri] };
  }
  return { indexedAt: n.indexedAt, uris: [n.uri] };
}

function byIndexedAt(a: Notification, b: Notification): number {
  return Date.parse(a.indexedAt) - Date.parse(b.indexedAt);
}
