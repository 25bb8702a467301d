import type { AuditEntry } from '../domain/audit.js';
import type { Post, PostStatus } from '../domain/post.js';
import type { PostQuery, Store } from '../store/store.js';
import { readAudit } from './audit-trail.js';

/**
 * The read side the console and the admin API show: what is queued, sent and failed, reply
 * statistics, and the audit log by stream. The HTTP layer reads the store only through here
 * (lint keeps it so), so what it may see is decided in one place.
 */
export class StaffViews {
  constructor(private readonly store: Store) {}

  posts(query: PostQuery): Promise<Post[]> {
    return this.store.listPosts(query);
  }

  postCounts(): Promise<Record<PostStatus, number>> {
    return this.store.countPosts();
  }

  /** Reply statistics: `replies.answered`, `replies.handoff`, `replies.urgent`, `replies.topic.<topic>`. */
  replyCounters(): Promise<Record<string, number>> {
    return this.store.getCounters('replies.');
  }

  /** Staff actions or security events, newest first. */
  audit(stream: 'staff' | 'security', limit: number): Promise<AuditEntry[]> {
    return readAudit(this.store, stream, limit);
  }

  /** The whole log's newest entries, oldest first (the CLI's `audit tail`). */
  auditTail(count: number): Promise<AuditEntry[]> {
    return this.store.tailAudit(count);
  }
}
