import type { AppBskyNotificationListNotifications, AtpAgent } from '@atproto/api';
import type { InboundMessage } from '../../domain/inbound-message.js';
import type { MentionSource, PolledBatch, PolledMention } from '../kit/mention-poller.js';
import { replyRootOf } from './bluesky-threading.js';

type Notification = AppBskyNotificationListNotifications.Notification;

export interface NotificationSourceOptions {
  channel: string;
  agent: () => AtpAgent;
  now: () => number;
  /** Our own did: our own posts never come back as citizen messages. */
  selfDid: () => string | undefined;
  /** Wraps platform calls only, so a failing handler is not mistaken for a platform failure. */
  guard: <T>(what: string, fn: () => Promise<T>) => Promise<T>;
}

const REASONS = ['mention', 'reply'];
const PAGE_SIZE = 100;
/** Bounds catching up after a long outage (1,000 notifications); older ones are skipped and logged. */
const MAX_PAGES = 10;

/**
 * Reads mention and reply notifications newest first, back to `since` by `indexedAt`.
 * listNotifications pages only backwards and stamps a notification with the server's time
 * before the AppView shows it, so a "newest seen" cursor loses late ones; the kit poller
 * re-reads an overlapping window instead, and this source walks back as far as it asks.
 */
export function blueskyNotificationSource(options: NotificationSourceOptions): MentionSource {
  const reader = new NotificationReader(options);
  return (since) => reader.read(since);
}

class NotificationReader {
  constructor(private readonly options: NotificationSourceOptions) {}

  async read(since: number): Promise<PolledBatch> {
    const mentions: PolledMention[] = [];
    let page: string | undefined;
    for (let i = 0; i < MAX_PAGES; i++) {
      const pageCursor = page;
      const res = await this.options.guard('listNotifications', () =>
        this.options.agent().listNotifications({ reasons: REASONS, limit: PAGE_SIZE, ...(pageCursor === undefined ? {} : { cursor: pageCursor }) }),
      );
      const items = res.data.notifications;
      let reachedStart = false;
      for (const n of items) {
        const at = Date.parse(n.indexedAt);
        if (at < since) {
          reachedStart = true;
          continue;
        }
        const message = this.toMessage(n);
        if (message !== undefined) mentions.push({ message, at });
      }
      page = res.data.cursor;
      if (reachedStart || page === undefined || items.length === 0) return { mentions };
    }
    return { mentions, truncated: true };
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
